import {
  FAMILIES_QUERY_PARAMETERS,
  FAMILY_CSV_COLUMNS,
  type FamiliesQuery,
  type FamilyRow,
  FamilyTally,
  familyCsvRecord,
  familyListingFilters,
  familyRowFilter,
  familyRowsOf,
  loadInventoryConfig,
  parseFamiliesQuery,
  startImageClient,
} from "@nhn-images/core";
import { openInventory } from "@nhn-images/inventory";
import type { Command } from "commander";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";
import { humanBytes } from "../output/human.ts";
import { rowFormatOf } from "../output/row-format.ts";
import { type RowView, writeRows } from "../output/write-rows.ts";
import { queryFlags, queryOf } from "../query-flags.ts";

const FAMILY_VIEW: RowView<FamilyRow> = {
  table: [
    { header: "FAMILY", flexible: true, cell: (row) => row.family },
    { header: "REGION", cell: (row) => row.region },
    { header: "IMAGES", cell: (row) => String(row.images), align: "right" },
    { header: "ACTIVE", cell: (row) => String(row.active), align: "right" },
    { header: "LATEST", cell: (row) => row.latest?.id ?? "" },
    { header: "RELEASED", cell: (row) => (row.latest?.createdAt ?? "").slice(0, 10) },
    { header: "OLDEST", cell: (row) => row.oldestCreatedAt.slice(0, 10) },
    { header: "SIZE", cell: (row) => humanBytes(row.totalBytes), align: "right" },
    { header: "VISIBILITY", cell: (row) => row.visibility },
  ],
  csvColumns: FAMILY_CSV_COLUMNS,
  csvRecord: familyCsvRecord,
};

/** Parameters of `GET /families` that page the answer: the command prints every row. */
const PAGING = ["limit", "cursor", "format"];

/** `nhn-images families`: every family per region (`GET /families`), live or `--as-of` a day. */
export function familiesCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("families")
    .description(
      "List the families of images per region (GET /families): how many images, how many active, the newest active one, the oldest, the bytes; live or --as-of a day's inventory snapshot.",
    )
    .addHelpText(
      "after",
      `
Examples:
  nhn-images families --visibility public
  nhn-images families --family 'prod-*' -o csv > families.csv
  nhn-images families --as-of 2026-11-20 --region KR1`,
    );
  for (const option of queryFlags(FAMILIES_QUERY_PARAMETERS, PAGING)) command.addOption(option);
  command.action(async (_options, self: Command) => {
    const options = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const query = parseFamiliesQuery(queryOf(options, FAMILIES_QUERY_PARAMETERS, new Set()));
    const format = rowFormatOf(options.output, context.stdoutIsTerminal);
    const rows = (await familyRows(context, options, query)).filter(familyRowFilter(query));
    await writeRows(context.out, rows, format, FAMILY_VIEW, context.tableWidth);
    if (format === "table") context.note(`${rows.length} families.`);
  });
}

/** Every family's row: of the live list (listed in the asked regions only), or a snapshot. */
async function familyRows(
  context: CommandContext,
  options: GlobalOptions,
  query: FamiliesQuery,
): Promise<FamilyRow[]> {
  const asOf = query.asOf;
  return withSettings(
    context,
    options,
    { upstream: asOf === null, inventory: asOf !== null },
    async ({ env }, logger) => {
      if (asOf === null) {
        const { client } = await startImageClient(env, { logger });
        const filters = familyListingFilters(query);
        return familyRowsOf(await client.listAllImages({ filters }));
      }
      const inventory = await openInventory(loadInventoryConfig(env));
      const snapshot = await inventory.snapshotOnOrBefore(asOf);
      context.note(`As of the snapshot of ${snapshot.snapshotDate} (${snapshot.manifestKey}).`);
      const tally = new FamilyTally();
      await inventory.eachImage(snapshot, (image) => tally.offer(image));
      return tally.rows();
    },
  );
}
