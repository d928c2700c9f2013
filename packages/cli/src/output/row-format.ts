import { OUTPUT_FORMATS } from "@nhn-images/core";

/** How rows are printed: `table` for people, the API's formats for programs (DESIGN.md). */
export const ROW_FORMATS = ["table", ...OUTPUT_FORMATS] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

/** The format asked for, else `table` on a terminal and `ndjson` when piped. */
export function rowFormatOf(asked: RowFormat | undefined, isTerminal: boolean): RowFormat {
  return asked ?? (isTerminal ? "table" : "ndjson");
}

/** The width a table must fit: the terminal's, else `COLUMNS`, else 120. */
export function tableWidthOf(stream: { columns?: number }, env: NodeJS.ProcessEnv): number {
  if (stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns >= 20 ? columns : 120;
}
