import { csvColumns, type ImageField, type ProjectedImage } from "@nhn-images/core";
import { humanBytes } from "./output/human.ts";
import type { TableColumn } from "./output/table.ts";
import type { RowView } from "./output/write-rows.ts";

/**
 * The columns `nhn-images images` shows by default: what tells images apart at a glance, narrow
 * enough that a 120-column terminal still shows a name (`--fields` picks others).
 */
const DEFAULT_TABLE: readonly TableColumn<ProjectedImage>[] = [
  { header: "ID", cell: (i) => i.id },
  { header: "REGION", cell: (i) => i.region ?? "" },
  { header: "NAME", flexible: true, cell: (i) => i.name ?? "" },
  { header: "STATUS", cell: (i) => i.status ?? "" },
  { header: "VISIBILITY", cell: (i) => i.visibility ?? "" },
  { header: "SIZE", cell: (i) => humanBytes(i.size), align: "right" },
  { header: "CREATED", cell: (i) => (i.createdAt ?? "").slice(0, 10) },
];

/**
 * Images as rows: every field for CSV (or the projection's; `usage` too when the images carry
 * it), a readable table.
 */
export function imageView(
  fields: readonly ImageField[] | null,
  usage = false,
): RowView<ProjectedImage> {
  const columns = csvColumns(fields, usage);
  return {
    table: fields === null ? DEFAULT_TABLE : columns.map((field) => fieldColumn(field)),
    csvColumns: columns,
  };
}

function fieldColumn(field: ImageField): TableColumn<ProjectedImage> {
  return {
    header: field.replace(/[A-Z]/g, (c) => ` ${c}`).toUpperCase(),
    cell: (image) => {
      const value = image[field];
      if (value === null || value === undefined) return "";
      if (field === "size") return humanBytes(value as number);
      if (Array.isArray(value)) return value.join(",");
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    },
    align: field === "size" || field === "minDisk" || field === "minRam" ? "right" : "left",
  };
}
