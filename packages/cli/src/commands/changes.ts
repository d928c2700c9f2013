import { loadInventoryConfig } from "@nhn-images/core";
import {
  CHANGES_QUERY_PARAMETERS,
  openInventory,
  parseChangesQuery,
  runChangesQuery,
} from "@nhn-images/inventory";
import type { Command } from "commander";
import { allPages } from "../all-pages.ts";
import { changeView } from "../change-view.ts";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";
import { rowFormatOf } from "../output/row-format.ts";
import { writeRows } from "../output/write-rows.ts";
import { queryFlags, queryOf } from "../query-flags.ts";

/** `nhn-images changes`: what changed over a window of snapshots (`GET /changes`), every row. */
export function changesCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("changes")
    .description(
      "List what changed from --since to --until (each defaults to the latest snapshot), newest snapshot first (GET /changes).",
    )
    .addHelpText(
      "after",
      `
Examples:
  nhn-images changes
  nhn-images changes --since 2026-11-01 --until 2026-11-27 --change removed,changed
  nhn-images changes --since 2026-11-01 --field status -o csv > status-changes.csv`,
    );
  for (const option of queryFlags(CHANGES_QUERY_PARAMETERS, ["limit", "cursor", "format"])) {
    command.addOption(option);
  }
  command.action(async (_options, self: Command) => {
    const options = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const query = queryOf(options, CHANGES_QUERY_PARAMETERS, new Set());
    parseChangesQuery(query); // a bad flag is a usage error before anything is read
    await withSettings(context, options, { inventory: true }, async ({ env }) => {
      const inventory = await openInventory(loadInventoryConfig(env));
      const pages = await allPages(query, (asked) =>
        runChangesQuery(inventory, parseChangesQuery(asked)),
      );
      const first = pages[0];
      if (first !== undefined)
        context.note(`Changes from ${first.since} to ${first.until}: ${first.matched}.`);
      const format = rowFormatOf(options.output, context.stdoutIsTerminal);
      await writeRows(
        context.out,
        pages.flatMap((page) => page.changes),
        format,
        changeView(true),
        context.tableWidth,
      );
    });
  });
}
