import type { Command } from "commander";
import type { CommandContext } from "../../command-context.ts";
import { readPolicyFile } from "./policy-file.ts";

/** `nhn-images lifecycle validate --policy FILE`: exit 0 valid, 2 invalid (every error on stderr). */
export function lifecycleValidateCommand(lifecycle: Command, context: CommandContext): void {
  lifecycle
    .command("validate")
    .description(
      "Check a policy file (JSON or YAML): exit 0 when valid, 2 with every error on stderr",
    )
    .requiredOption("--policy <file>", "the policy file")
    .action(async (options: { policy: string }) => {
      const policy = await readPolicyFile(context, options.policy);
      const rules = policy.rules.map((rule) => rule.name).join(", ");
      context.note(
        `${options.policy}: a valid policy of ${policy.rules.length} rule${policy.rules.length === 1 ? "" : "s"} (${rules}); excludes tags ${policy.exclude.tag.join(", ") || "none"}; at most ${policy.maxDeletesPerRun} deletes per apply.`,
      );
    });
}
