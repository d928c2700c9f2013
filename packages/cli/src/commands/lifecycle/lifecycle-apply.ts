import { type ActionEntry, DRY_RUN, runApply } from "@nhn-images/lifecycle";
import type { Command } from "commander";
import { type CommandContext, type GlobalOptions, withSettings } from "../../command-context.ts";
import { humanBytes } from "../../output/human.ts";
import { rowFormatOf } from "../../output/row-format.ts";
import { writeRows } from "../../output/write-rows.ts";
import { ACTION_ENTRY_VIEW } from "./plan-view.ts";

/** Apply's failure: some action failed (its row says why); exits 1. */
export class ActionsFailedError extends Error {
  override readonly name = "ActionsFailedError";
}

/**
 * `nhn-images lifecycle apply [--plan KEY] [--yes]`: carries out the newest plan (or KEY). Without
 * `--yes` a dry run: each image re-checked live, what would be done printed, nothing changed. A
 * progress line per action on stderr; the actions as rows on stdout; exit 1 if any failed.
 */
export function lifecycleApplyCommand(lifecycle: Command, context: CommandContext): void {
  lifecycle
    .command("apply")
    .description(
      "Carry out the newest lifecycle plan (or --plan KEY): mark, unmark, and delete what the plan says, each image re-checked live first. Without --yes, a dry run that changes nothing. Refuses a plan older than a day.",
    )
    .option("--plan <key>", "the plan's key in INVENTORY_BUCKET; default the newest")
    .option("--yes", "act: without it, print what would be done and change nothing")
    .addHelpText(
      "after",
      `
Examples:
  nhn-images lifecycle apply                 # dry run of the newest plan
  nhn-images lifecycle apply --yes
  nhn-images lifecycle apply --plan nhn-images/lifecycle/plans/dt=2026-12-01/plan.json --yes`,
    )
    .action(async (_options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions & { plan?: string; yes?: boolean }>();
      const format = rowFormatOf(options.output, context.stdoutIsTerminal);
      const act = options.yes === true;
      await withSettings(
        context,
        options,
        { upstream: true, inventory: true, events: true },
        async ({ env }, logger) => {
          const { outcome } = await runApply(env, {
            planKey: options.plan,
            act,
            now: context.now,
            logger,
            onPlan: (plan, key) =>
              context.note(
                `${act ? "Applying" : "Dry run of"} plan ${plan.planId} of ${plan.planDate} (${key}): ${plan.counts.mark} marks, ${plan.counts.unmark} unmarks, ${plan.counts.delete} deletes planned.`,
              ),
            onAction: (entry) => context.note(progressLine(entry)),
          });
          await writeRows(
            context.out,
            outcome.entries,
            format,
            ACTION_ENTRY_VIEW,
            context.tableWidth,
          );
          await context.out.flush();
          const { done, skipped, failed } = outcome.counts;
          context.note(
            act
              ? `Done: ${done} done, ${skipped} skipped, ${failed} failed; ${outcome.deleted} deleted (${humanBytes(outcome.reclaimedBytes) || "0 B"}). Audit log: s3://${env.INVENTORY_BUCKET}/${outcome.auditKey}.`
              : `Dry run: nothing changed. ${outcome.entries.filter((e) => e.reason.startsWith(DRY_RUN)).length} actions would be taken; run again with --yes to act.`,
          );
          if (failed > 0) {
            throw new ActionsFailedError(
              `${failed} action${failed === 1 ? "" : "s"} failed: the rows above say why`,
            );
          }
        },
      );
    });
}

/** `done    mark    KR1 <id> web-golden-20260901: unused since …`. */
function progressLine(entry: ActionEntry): string {
  return `${entry.result.padEnd(7)} ${entry.action.padEnd(6)} ${entry.region} ${entry.id} ${entry.name}: ${entry.reason}`;
}
