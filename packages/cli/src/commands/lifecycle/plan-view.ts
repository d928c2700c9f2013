import type { ActionEntry, PlanRow } from "@nhn-images/lifecycle";
import { humanBytes } from "../../output/human.ts";
import type { RowView } from "../../output/write-rows.ts";

/** A plan's rows: the table people read, and flat CSV columns. */
export const PLAN_ROW_VIEW: RowView<PlanRow> = {
  table: [
    { header: "ACTION", cell: (row) => row.action },
    { header: "FAMILY", flexible: true, cell: (row) => row.family },
    { header: "NAME", flexible: true, cell: (row) => row.name },
    { header: "AGE", cell: (row) => `${row.evidence.ageDays}d`, align: "right" },
    { header: "UNUSED SINCE", cell: (row) => row.evidence.unusedSinceDate ?? "" },
    { header: "SIZE", cell: (row) => humanBytes(row.size), align: "right" },
    { header: "REASON", flexible: true, cell: (row) => row.reason },
  ],
  csvColumns: [
    "id",
    "region",
    "name",
    "family",
    "owner",
    "size",
    "rule",
    "action",
    "reason",
    "verdict",
    "unusedSinceDate",
    "familyRank",
    "ageDays",
    "markedOn",
    "deleteAfter",
  ],
  csvRecord: ({ evidence, ...row }) => ({ ...row, ...evidence }),
};

/** An apply's actions: what was done to which image, and why. */
export const ACTION_ENTRY_VIEW: RowView<ActionEntry> = {
  table: [
    { header: "RESULT", cell: (entry) => entry.result },
    { header: "ACTION", cell: (entry) => entry.action },
    { header: "REGION", cell: (entry) => entry.region },
    { header: "ID", cell: (entry) => entry.id },
    { header: "NAME", flexible: true, cell: (entry) => entry.name },
    {
      header: "HTTP",
      cell: (entry) => (entry.httpStatus === null ? "" : String(entry.httpStatus)),
    },
    { header: "REASON", flexible: true, cell: (entry) => entry.reason },
  ],
  csvColumns: ["at", "id", "region", "name", "action", "result", "reason", "httpStatus"],
};
