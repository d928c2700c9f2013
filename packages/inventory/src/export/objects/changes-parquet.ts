import type { Change } from "../../diff/image-diff.ts";
import type { ParquetTable } from "./parquet-object-writer.ts";
import { root, stringColumn, stringKeyedMapColumn } from "./parquet-schema.ts";

/**
 * `parquet/changes/dt=…/changes.parquet`: one row per change, `fields` a
 * `map<string, struct<from:string, to:string>>` (the Glue table `image_changes`).
 */
export const CHANGES_PARQUET: ParquetTable<Change> = {
  schema: [
    root(5),
    stringColumn("change"),
    stringColumn("id"),
    stringColumn("region"),
    stringColumn("name"),
    ...stringKeyedMapColumn("fields", [
      { name: "value", repetition_type: "REQUIRED", num_children: 2 },
      stringColumn("from", "OPTIONAL"),
      stringColumn("to", "OPTIONAL"),
    ]),
  ],
  columns: [
    { name: "change", statistics: true, value: (change) => change.change },
    { name: "id", statistics: true, value: (change) => change.id },
    { name: "region", statistics: true, value: (change) => change.region },
    { name: "name", value: (change) => change.name },
    { name: "fields", value: (change) => renderedFields(change.fields) },
  ],
};

/** Each changed field's old and new value as text (DESIGN.md). */
function renderedFields(
  fields: Change["fields"],
): Record<string, { from: string | null; to: string | null }> {
  const rendered: Record<string, { from: string | null; to: string | null }> = {};
  for (const [field, { from, to }] of Object.entries(fields)) {
    rendered[field] = { from: asText(from), to: asText(to) };
  }
  return rendered;
}

/** Strings as they are, null as null, anything else (numbers, booleans, maps, lists) as JSON. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}
