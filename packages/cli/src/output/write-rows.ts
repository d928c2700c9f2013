import { csvHeader, csvRow } from "@nhn-images/core";
import type { RowFormat } from "./row-format.ts";
import type { StdoutWriter } from "./stdout-writer.ts";
import { renderTable, type TableColumn } from "./table.ts";

/** How one kind of row prints: its table columns and its CSV columns. */
export interface RowView<Row> {
  readonly table: readonly TableColumn<Row>[];
  readonly csvColumns: readonly string[];
  /** The row as the record the CSV columns read (the row itself by default). */
  readonly csvRecord?: (row: Row) => Record<string, unknown>;
}

/**
 * Rows to stdout in `format`: `json` one array, `ndjson` one object per line, `csv` RFC 4180 with
 * a header (core's writer, as the API's), `table` fitted to `width`.
 */
export async function writeRows<Row>(
  out: StdoutWriter,
  rows: readonly Row[],
  format: RowFormat,
  view: RowView<Row>,
  width: number,
): Promise<void> {
  switch (format) {
    case "json":
      await out.write(rows.length === 0 ? "[]\n" : "[\n");
      for (let i = 0; i < rows.length && !out.closed; i++) {
        await out.write(`  ${JSON.stringify(rows[i])}${i + 1 < rows.length ? "," : ""}\n`);
      }
      if (rows.length > 0) await out.write("]\n");
      break;
    case "ndjson":
      for (const row of rows) {
        if (out.closed) break;
        await out.write(`${JSON.stringify(row)}\n`);
      }
      break;
    case "csv": {
      const record = view.csvRecord ?? ((row: Row) => row as Record<string, unknown>);
      await out.write(csvHeader(view.csvColumns));
      for (const row of rows) {
        if (out.closed) break;
        await out.write(csvRow(record(row), view.csvColumns));
      }
      break;
    }
    case "table":
      await out.write(renderTable(rows, view.table, width));
      break;
  }
  await out.flush();
}
