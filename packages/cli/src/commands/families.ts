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
  parseFamiliesQuery,
} from "@nhn-images/core";
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../command-context.ts";
import { humanBytes } from "../output/human.ts";
import { rowFormatOf } from "../output/row-format.ts";
import { type RowView, writeRows } from "../output/write-rows.ts";
import { fromLiveOrSnapshot } from "../queried-images.ts";
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
function familyRows(
  context: CommandContext,
  options: GlobalOptions,
  query: FamiliesQuery,
): Promise<FamilyRow[]> {
  return fromLiveOrSnapshot(context, options, query.asOf, {
    async live({ client }) {
      return familyRowsOf(await client.listAllImages({ filters: familyListingFilters(query) }));
    },
    async snapshot(inventory, snapshot) {
      const tally = new FamilyTally();
      await inventory.eachImage(snapshot, (image) => tally.offer(image));
      return tally.rows();
    },
  });
}
