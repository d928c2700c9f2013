import { calendarDate, loadInventoryConfig } from "@nhn-images/core";
import { diffSnapshots, openInventory } from "@nhn-images/inventory";
import type { Command } from "commander";
import { changeView } from "../change-view.ts";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";
import { parsedFlag } from "../flag-values.ts";
import { rowFormatOf } from "../output/row-format.ts";
import { writeRows } from "../output/write-rows.ts";

/** `nhn-images diff <dateA> <dateB>`: what changed between any two snapshots. */
export function diffCommand(program: Command, context: CommandContext): void {
  program
    .command("diff")
    .argument("<dateA>", "the earlier snapshot's date, YYYY-MM-DD")
    .argument("<dateB>", "the later snapshot's date, YYYY-MM-DD")
    .description(
      "List what changed from one snapshot to another, any two (not only neighbours): images added, removed and changed, with the fields that changed.",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  nhn-images diff 2026-11-01 2026-11-27\n  nhn-images diff 2026-11-01 2026-11-27 -o csv > month.csv",
    )
    .action(async (dateA: string, dateB: string, _options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions>();
      const from = parsedFlag(calendarDate, "<dateA>", dateA);
      const to = parsedFlag(calendarDate, "<dateB>", dateB);
      await withSettings(context, options, { inventory: true }, async ({ env }) => {
        const diff = await diffSnapshots(await openInventory(loadInventoryConfig(env)), from, to);
        const { added, removed, changed } = diff.counts;
        context.note(
          `From ${from} to ${to}: ${added} added, ${removed} removed, ${changed} changed.`,
        );
        const format = rowFormatOf(options.output, context.stdoutIsTerminal);
        await writeRows(context.out, diff.changes, format, changeView(false), context.tableWidth);
      });
    });
}
