import type { SchemaElement } from "hyparquet";

/**
 * Schema elements of the Parquet tables, each a column of DESIGN.md's type. Strings carry both
 * the legacy `UTF8` converted type and the `STRING` logical type, so old and new readers (Hive's
 * Parquet SerDe in Athena, DuckDB, Spark) all read them as text.
 */
type Repetition = "REQUIRED" | "OPTIONAL";

export function stringColumn(name: string, repetition: Repetition = "REQUIRED"): SchemaElement {
  return {
    name,
    type: "BYTE_ARRAY",
    converted_type: "UTF8",
    logical_type: { type: "STRING" },
    repetition_type: repetition,
  };
}

export function booleanColumn(name: string): SchemaElement {
  return { name, type: "BOOLEAN", repetition_type: "REQUIRED" };
}

export function int32Column(name: string): SchemaElement {
  return { name, type: "INT32", repetition_type: "REQUIRED" };
}

/** `struct<…>`: a group of the given fields (each its elements), null as a whole when OPTIONAL. */
export function structColumn(
  name: string,
  fields: readonly (SchemaElement | SchemaElement[])[],
  repetition: Repetition = "OPTIONAL",
): SchemaElement[] {
  return [{ name, repetition_type: repetition, num_children: fields.length }, ...fields.flat()];
}

export function int64Column(name: string, repetition: Repetition): SchemaElement {
  return { name, type: "INT64", repetition_type: repetition };
}

/** A UTC instant in milliseconds (Athena: `timestamp`, DuckDB: `TIMESTAMP WITH TIME ZONE`). */
export function timestampColumn(name: string): SchemaElement {
  return {
    name,
    type: "INT64",
    converted_type: "TIMESTAMP_MILLIS",
    logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
    repetition_type: "REQUIRED",
  };
}

/** The group that holds a list or a map: annotated both ways, as `stringColumn` is. */
function container(name: string, kind: "LIST" | "MAP"): SchemaElement {
  return {
    name,
    repetition_type: "REQUIRED",
    converted_type: kind,
    logical_type: { type: kind },
    num_children: 1,
  };
}

/** `list<string>` in Parquet's three-level form (`<name>.list.element`). */
export function stringListColumn(name: string): SchemaElement[] {
  return [
    container(name, "LIST"),
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    stringColumn("element"),
  ];
}

/** `map<string, V>` in Parquet's form (`<name>.key_value.{key, value}`); `value` is V's elements. */
export function stringKeyedMapColumn(name: string, value: SchemaElement[]): SchemaElement[] {
  return [
    container(name, "MAP"),
    { name: "key_value", repetition_type: "REPEATED", num_children: 2 },
    stringColumn("key"),
    ...value,
  ];
}

/** The root element that a table's schema starts with. */
export function root(columns: number): SchemaElement {
  return { name: "schema", num_children: columns };
}
