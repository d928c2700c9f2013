import type { Command } from "commander";
import type { CommandContext } from "../../command-context.ts";
import { lifecycleApplyCommand } from "./lifecycle-apply.ts";
import { lifecyclePlanCommand } from "./lifecycle-plan.ts";
import { lifecycleValidateCommand } from "./lifecycle-validate.ts";

/** `nhn-images lifecycle plan|apply|validate` (DESIGN.md, "Lifecycle"). */
export function lifecycleCommand(program: Command, context: CommandContext): void {
  const lifecycle = program
    .command("lifecycle")
    .description(
      "Retention policies that clean up safely: plan (what a policy does today), apply (mark, then delete after the grace period), validate (check a policy file)",
    );
  for (const register of [lifecyclePlanCommand, lifecycleApplyCommand, lifecycleValidateCommand]) {
    register(lifecycle, context);
  }
}
