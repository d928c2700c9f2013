import { CHANGE_CSV_COLUMNS, type ChangeRow } from "@nhn-images/inventory";
import { describeFields } from "./output/human.ts";
import type { RowView } from "./output/write-rows.ts";

/** Changes as rows: `snapshotDate` is left out of the table when every row shares one. */
export function changeView(
  withDate: boolean,
): RowView<Omit<ChangeRow, "snapshotDate"> & { snapshotDate?: string }> {
  return {
    table: [
      ...(withDate
        ? [{ header: "DATE", cell: (row: { snapshotDate?: string }) => row.snapshotDate ?? "" }]
        : []),
      { header: "CHANGE", cell: (row) => row.change },
      { header: "REGION", cell: (row) => row.region },
      { header: "ID", cell: (row) => row.id },
      { header: "NAME", flexible: true, cell: (row) => row.name },
      { header: "FIELDS", flexible: true, cell: (row) => describeFields(row.fields) },
    ],
    csvColumns: withDate
      ? CHANGE_CSV_COLUMNS
      : CHANGE_CSV_COLUMNS.filter((c) => c !== "snapshotDate"),
  };
}
