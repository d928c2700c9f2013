import { calendarDate, dayOf } from "@nhn-images/core";
import { createExportHandler } from "@nhn-images/inventory/export";
import type { Command } from "commander";
import { UsageError } from "../cli-error.ts";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";
import { exportProgressBar, exportProgressLines } from "../export-progress.ts";
import { parsedFlag } from "../flag-values.ts";

/** The CLI keeps no metrics: the summary says what the Lambda's metrics would count. */
const NO_METRICS = { addMetric() {}, publishStoredMetrics() {} };

/** `nhn-images export`: one export into `INVENTORY_BUCKET`, as the scheduled Lambda runs it. */
export function exportCommand(program: Command, context: CommandContext): void {
  program
    .command("export")
    .description(
      "Write one inventory snapshot (Parquet, NDJSON, CSV, changes, manifest) into INVENTORY_BUCKET, as the nightly Lambda does, then its change events when EVENT_BUS_NAME is set. Prints the result as JSON.",
    )
    .option(
      "--date <date>",
      "YYYY-MM-DD: the day to snapshot (a backfill or a re-run); default today (UTC)",
    )
    .option(
      "--force",
      "write it even if it has more than EXPORT_MAX_DROP_PCT percent fewer images than the previous snapshot",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  nhn-images export\n  nhn-images export --date 2026-11-26 --force --env-file prod.env",
    )
    .action(async (_options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions & { date?: string; force?: boolean }>();
      const today = dayOf(context.now());
      const date =
        options.date === undefined ? today : parsedFlag(calendarDate, "--date", options.date);
      if (date > today)
        throw new UsageError(
          `--date ${date} is after today (${today}, UTC): nothing to snapshot yet`,
        );
      if (date < "2000-01-01")
        throw new UsageError(`--date must be 2000-01-01 or later, got "${date}"`);
      await withSettings(
        context,
        options,
        { upstream: true, inventory: true, events: true },
        async ({ env }, logger) => {
          const progress = context.stderrIsTerminal
            ? exportProgressBar(context.stderr)
            : exportProgressLines(context.note, context.now);
          const handler = createExportHandler({
            env,
            logger,
            metrics: NO_METRICS,
            progress,
            now: context.now,
          });
          let result: Awaited<ReturnType<typeof handler>>;
          try {
            result = await handler({ date, force: options.force === true });
          } finally {
            progress.stop();
          }
          const { added, removed, changed } = result.changes;
          context.note(
            `Exported ${result.images} images for ${result.snapshotDate}: ${added} added, ${removed} removed, ${changed} changed; manifest s3://${env.INVENTORY_BUCKET}/${result.manifestKey}${result.events === null ? "" : `; ${result.events.published} change events on ${result.events.bus}`}.`,
          );
          await context.out.write(`${JSON.stringify(result, null, 2)}\n`);
          await context.out.flush();
        },
      );
    });
}
