import {
  IMAGE_QUERY_PARAMETERS,
  MULTI_VALUE_PARAMETERS,
  parseImageQuery,
  selectImages,
} from "@nhn-images/core";
import { type Command, Option } from "commander";
import type { CommandContext, GlobalOptions } from "../command-context.ts";
import { wholeNumberFlag } from "../flag-values.ts";
import { imageView } from "../image-view.ts";
import { rowFormatOf } from "../output/row-format.ts";
import { writeRows } from "../output/write-rows.ts";
import { withQueriedImages } from "../queried-images.ts";
import { queryFlags, queryOf } from "../query-flags.ts";

/** Parameters of `GET /images` that page the answer: the command prints every row instead. */
const PAGING = ["limit", "cursor", "format"];

/** `nhn-images images`: the query of `GET /images`, every page of it, live or `--as-of` a day. */
export function imagesCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("images")
    .description(
      "List images: the same filters as GET /images (flags named as its parameters, kebab-case), every match unless --limit, live from NHN Cloud or --as-of a day's inventory snapshot.",
    )
    .addOption(new Option("--limit <count>", "print at most this many images"))
    .addHelpText(
      "after",
      `
Examples:
  nhn-images images --status active --name 'ubuntu*' --fits-disk 20
  nhn-images images --property os_distro:ubuntu --sort createdAt:desc -o csv > images.csv
  nhn-images images --visibility private -o ndjson | jq -r .name
  nhn-images images --as-of 2026-11-20 --status deactivated`,
    );
  for (const option of queryFlags(IMAGE_QUERY_PARAMETERS, PAGING)) command.addOption(option);
  command.action(async (_options, self: Command) => {
    const options = self.optsWithGlobals<
      GlobalOptions & Record<string, unknown> & { limit?: string }
    >();
    const max = options.limit === undefined ? null : wholeNumberFlag("--limit", options.limit, 1);
    const query = parseImageQuery(queryOf(options, IMAGE_QUERY_PARAMETERS, MULTI_VALUE_PARAMETERS));
    await withQueriedImages(context, options, query, async ({ images, usage }) => {
      const selected = selectImages(images, query, max);
      const format = rowFormatOf(options.output, context.stdoutIsTerminal);
      await writeRows(
        context.out,
        selected.images,
        format,
        imageView(query.fields, usage),
        context.tableWidth,
      );
      if (format === "table" || max !== null) {
        context.note(`${selected.images.length} of ${selected.matched} matching images.`);
      }
    });
  });
}
