import {
  addDays,
  IMAGE_QUERY_PARAMETERS,
  type Image,
  MULTI_VALUE_PARAMETERS,
  parseImageQuery,
  selectImages,
} from "@nhn-images/core";
import { type InventoryReader, readUsageHistory } from "@nhn-images/inventory";
import { MAX_POLICY_DAYS } from "@nhn-images/lifecycle";
import type { Command } from "commander";
import { UsageError } from "../cli-error.ts";
import type { CommandContext, GlobalOptions } from "../command-context.ts";
import { imageView } from "../image-view.ts";
import { humanBytes } from "../output/human.ts";
import { rowFormatOf } from "../output/row-format.ts";
import type { TableColumn } from "../output/table.ts";
import { writeRows } from "../output/write-rows.ts";
import { withQueriedImages } from "../queried-images.ts";
import { queryFlags, queryOf } from "../query-flags.ts";

/** What `unused` decides itself: private images whose verdict is unused, biggest first. */
const FIXED = ["visibility", "inUse", "sort", "fields", "limit", "cursor", "format"];
const DAY_MS = 86_400_000;

/**
 * `nhn-images unused`: the private images nothing refers to (usage verdict `unused`, with
 * `NHN_USAGE=true`), biggest first, with size, age and the evidence; the other filters of
 * `images` narrow it. Says on stderr how many private images could not be judged (`unknown`), so
 * an empty or short list is never read as "everything else is in use".
 */
export function unusedCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("unused")
    .description(
      "List private images nothing uses (usage verdict unused; needs NHN_USAGE=true): biggest first, with size, age and the evidence. Takes the filters of `images` but --visibility, --in-use and --sort.",
    )
    .addHelpText(
      "after",
      `
An image is unused when no server (running, stopped or shelved), boot volume or NKS node group of
its region refers to it and every server there names its image. Instance templates and Auto Scale
have no public API: an image only they use cannot be seen. Check before you delete.

Examples:
  NHN_USAGE=true nhn-images unused
  nhn-images unused --region KR1 --created-before 2026-01-01 -o csv > unused.csv
  nhn-images unused -o ndjson | jq -r '"\\(.region) \\(.id)"'`,
    );
  for (const option of queryFlags(IMAGE_QUERY_PARAMETERS, FIXED)) command.addOption(option);
  command.option(
    "--for <days>",
    "only images unused in every daily snapshot of the last N days too (14d or 14; reads the inventory)",
  );
  command.action(async (_options, self: Command) => {
    const options = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const forDays = options.for === undefined ? null : daysOf(String(options.for));
    const params = queryOf(options, IMAGE_QUERY_PARAMETERS, MULTI_VALUE_PARAMETERS);
    params.set("visibility", "private");
    params.set("inUse", "false");
    params.set("sort", "size:desc,createdAt:asc");
    const query = parseImageQuery(params);
    await withQueriedImages(
      context,
      options,
      query.asOf === null ? withoutUsage(query) : query,
      async ({ images, usage, day, inventory }) => {
        if (!usage) {
          throw new UsageError(
            query.asOf === null
              ? "unused needs usage evidence: set NHN_USAGE=true (it lists servers, volumes and NKS node groups, which needs read access to them)"
              : "unused needs usage evidence, which this snapshot was exported without (NHN_USAGE was not true)",
          );
        }
        const selected = selectImages(images, query, null).images as Image[];
        const unused =
          forDays === null ? selected : await unusedFor(selected, forDays, day, await inventory());
        const format = rowFormatOf(options.output, context.stdoutIsTerminal);
        const rowsView = imageView(null, true);
        const view =
          format === "table"
            ? unusedTable(context.now(), forDays !== null)
            : forDays === null
              ? rowsView
              : { ...rowsView, csvColumns: [...rowsView.csvColumns, "unusedSinceDate"] };
        await writeRows(context.out, unused, format, view, context.tableWidth);
        context.note(summary(unused, images, query));
        if (forDays !== null && unused.length < selected.length) {
          context.note(
            `${selected.length - unused.length} more are unused now but not in every snapshot of the ${forDays} days before ${day}.`,
          );
        }
      },
      forDays !== null,
    );
  });
}

/** The query without `inUse` (checked after the listing says whether usage is on). */
function withoutUsage(query: ReturnType<typeof parseImageQuery>) {
  return { ...query, filters: { ...query.filters, inUse: null } };
}

/**
 * The images unused in every snapshot of the `days` days before `day` (each with
 * `unusedSinceDate`, the first day of its run as far as those days tell); a day with no snapshot
 * leaves none.
 */
async function unusedFor(
  images: readonly Image[],
  days: number,
  day: string,
  inventory: InventoryReader,
): Promise<(Image & { unusedSinceDate: string })[]> {
  const catalogue = await inventory.catalogue();
  const history = await readUsageHistory(inventory, catalogue, addDays(day, -1), days);
  const kept: (Image & { unusedSinceDate: string })[] = [];
  for (const image of images) {
    const run = history.unusedRun(image.id, image.region);
    if (run !== null && run.days >= days) kept.push({ ...image, unusedSinceDate: run.since });
  }
  return kept;
}

/** `14d` or `14`: a whole number of days, 1 to 366. */
function daysOf(text: string): number {
  const match = /^(\d{1,3})d?$/.exec(text.trim());
  const days = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isInteger(days) || days < 1 || days > MAX_POLICY_DAYS) {
    throw new UsageError(
      `--for must be a number of days from 1 to ${MAX_POLICY_DAYS} (14d or 14), got "${text}"`,
    );
  }
  return days;
}

function unusedTable(now: number, withSince: boolean) {
  const since: TableColumn<Image>[] = withSince
    ? [
        {
          header: "UNUSED SINCE",
          cell: (i) => (i as { unusedSinceDate?: string }).unusedSinceDate ?? "",
        },
      ]
    : [];
  const columns: TableColumn<Image>[] = [
    { header: "ID", cell: (i) => i.id },
    { header: "REGION", cell: (i) => i.region },
    { header: "NAME", flexible: true, cell: (i) => i.name },
    { header: "SIZE", cell: (i) => humanBytes(i.size), align: "right" },
    {
      header: "AGE",
      cell: (i) => `${Math.max(0, Math.floor((now - Date.parse(i.createdAt)) / DAY_MS))}d`,
      align: "right",
    },
    ...since,
    { header: "EVIDENCE", flexible: true, cell: (i) => i.usage?.reason ?? "" },
  ];
  return { table: columns, csvColumns: [] };
}

/** "12 unused private images, 96.0 GB in all; 3 more private images are unknown: …". */
function summary(
  unused: readonly Image[],
  images: readonly Image[],
  query: ReturnType<typeof parseImageQuery>,
): string {
  const bytes = unused.reduce((sum, image) => sum + (image.size ?? 0), 0);
  const unknownQuery = { ...query, filters: { ...query.filters, inUse: new Set(["unknown"]) } };
  const unknown = selectImages(images, unknownQuery, null).images as Image[];
  const head = `${unused.length} unused private image${unused.length === 1 ? "" : "s"}, ${humanBytes(bytes) || "0 B"} in all.`;
  if (unknown.length === 0) return head;
  const regions = [...new Set(unknown.map((image) => image.region))].sort().join(", ");
  return `${head} ${unknown.length} more private image${unknown.length === 1 ? " is" : "s are"} unknown (in ${regions}): nhn-images images --visibility private --in-use unknown says why.`;
}
