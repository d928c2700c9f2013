import { runPlan } from "@nhn-images/lifecycle";
import type { Command } from "commander";
import { type CommandContext, type GlobalOptions, withSettings } from "../../command-context.ts";
import { humanBytes } from "../../output/human.ts";
import { rowFormatOf } from "../../output/row-format.ts";
import { writeRows } from "../../output/write-rows.ts";
import { PLAN_ROW_VIEW } from "./plan-view.ts";
import { readPolicyFile } from "./policy-file.ts";

/**
 * `nhn-images lifecycle plan --policy FILE`: the plan of today, written to the inventory bucket
 * and printed (a table on a terminal: action, family, name, age, unused since, size, reason;
 * totals and reclaimable bytes on stderr).
 */
export function lifecyclePlanCommand(lifecycle: Command, context: CommandContext): void {
  lifecycle
    .command("plan")
    .description(
      "Plan what a retention policy does today: every image of the configured projects with its action (keep, mark, unmark, delete) and reason. Writes the plan to INVENTORY_BUCKET (lifecycle/plans/dt=…/plan.json); changes nothing upstream. Needs NHN_USAGE=true.",
    )
    .requiredOption("--policy <file>", "the policy file (JSON or YAML)")
    .addHelpText(
      "after",
      `
Examples:
  nhn-images lifecycle plan --policy retention.yaml
  nhn-images lifecycle plan --policy retention.yaml -o csv > plan.csv
  nhn-images lifecycle plan --policy retention.yaml -o ndjson | jq -c 'select(.action != "keep")'`,
    )
    .action(async (_options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions & { policy: string }>();
      const policy = await readPolicyFile(context, options.policy);
      const format = rowFormatOf(options.output, context.stdoutIsTerminal);
      await withSettings(
        context,
        options,
        { upstream: true, inventory: true },
        async ({ env }, logger) => {
          const { plan, key } = await runPlan(env, policy, {
            now: context.now,
            logger,
            onProgress: (message) => context.note(`Planning: ${message}…`),
          });
          await writeRows(context.out, plan.rows, format, PLAN_ROW_VIEW, context.tableWidth);
          await context.out.flush();
          const { keep, mark, unmark, delete: deletes } = plan.counts;
          context.note(
            `Plan ${plan.planId} of ${plan.planDate}: ${mark} to mark, ${deletes} to delete (${humanBytes(plan.reclaimableBytes) || "0 B"} reclaimable), ${unmark} to unmark, ${keep} kept. Written to s3://${env.INVENTORY_BUCKET}/${key}.`,
          );
          if (mark + deletes + unmark > 0) {
            context.note(
              "Nothing has changed yet: nhn-images lifecycle apply shows what it would do, --yes does it.",
            );
          }
        },
      );
    });
}
