import { loadInventoryConfig } from "@nhn-images/core";
import {
  openInventory,
  parseSnapshotsQuery,
  runSnapshotsQuery,
  SNAPSHOT_CSV_COLUMNS,
  type SnapshotRow,
  snapshotCsvRecord,
} from "@nhn-images/inventory";
import type { Command } from "commander";
import { allPages } from "../all-pages.ts";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";
import { humanBytes } from "../output/human.ts";
import { rowFormatOf } from "../output/row-format.ts";
import { type RowView, writeRows } from "../output/write-rows.ts";

const SNAPSHOT_VIEW: RowView<SnapshotRow> = {
  table: [
    { header: "DATE", cell: (row) => row.snapshotDate },
    { header: "IMAGES", cell: (row) => String(row.counts.images), align: "right" },
    { header: "PUBLIC", cell: (row) => String(row.counts.public), align: "right" },
    { header: "PRIVATE", cell: (row) => String(row.counts.private), align: "right" },
    { header: "SIZE", cell: (row) => humanBytes(row.counts.totalBytes), align: "right" },
    { header: "ADDED", cell: (row) => String(row.changes.added), align: "right" },
    { header: "REMOVED", cell: (row) => String(row.changes.removed), align: "right" },
    { header: "CHANGED", cell: (row) => String(row.changes.changed), align: "right" },
    { header: "MANIFEST", flexible: true, cell: (row) => row.manifestKey },
  ],
  csvColumns: SNAPSHOT_CSV_COLUMNS,
  csvRecord: snapshotCsvRecord,
};

/** `nhn-images snapshots`: every snapshot of the inventory, newest first (`GET /snapshots`). */
export function snapshotsCommand(program: Command, context: CommandContext): void {
  program
    .command("snapshots")
    .description(
      "List the inventory's snapshots, newest first, with their counts and changes (GET /snapshots).",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  nhn-images snapshots\n  nhn-images snapshots -o csv > snapshots.csv",
    )
    .action(async (_options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions>();
      await withSettings(context, options, { inventory: true }, async ({ env }) => {
        const inventory = await openInventory(loadInventoryConfig(env));
        const pages = await allPages(new URLSearchParams(), (query) =>
          runSnapshotsQuery(inventory, parseSnapshotsQuery(query)),
        );
        const rows = pages.flatMap((page) => page.snapshots);
        for (const skipped of pages[0]?.skipped ?? []) {
          context.note(`Skipped: ${skipped.manifestKey} ${skipped.reason}.`);
        }
        const format = rowFormatOf(options.output, context.stdoutIsTerminal);
        await writeRows(context.out, rows, format, SNAPSHOT_VIEW, context.tableWidth);
      });
    });
}
