import { OUTPUT_FORMATS } from "@nhn-images/core";
import { UsageError } from "../cli-error.ts";

/** How rows are printed: `table` for people, the API's formats for programs (DESIGN.md). */
export const ROW_FORMATS = ["table", ...OUTPUT_FORMATS] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

/** What `-o` takes: a row format, or `id` (one image's id alone: `nhn-images latest`). */
export const OUTPUT_CHOICES = [...ROW_FORMATS, "id"] as const;
export type OutputChoice = (typeof OUTPUT_CHOICES)[number];

/**
 * The format asked for, else `table` on a terminal and `ndjson` when piped.
 *
 * @throws {UsageError} for `-o id`, which only a command that prints one image takes.
 */
export function rowFormatOf(asked: OutputChoice | undefined, isTerminal: boolean): RowFormat {
  if (asked === "id") {
    throw new UsageError("-o id prints one image's id alone: it is for nhn-images latest");
  }
  return asked ?? (isTerminal ? "table" : "ndjson");
}

/** The width a table must fit: the terminal's, else `COLUMNS`, else 120. */
export function tableWidthOf(stream: { columns?: number }, env: NodeJS.ProcessEnv): number {
  if (stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns >= 20 ? columns : 120;
}
