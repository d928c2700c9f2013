import { IMAGE_FIELDS, type Image, type ImageField } from "@nhn-images/core";

/** One line of `changes.ndjson.gz`. */
export interface Change {
  readonly change: "added" | "removed" | "changed";
  readonly id: string;
  readonly name: string;
  /** For `changed`: each field that differs, with its old and new value. Empty otherwise. */
  readonly fields: Partial<Record<ImageField, { from: unknown; to: unknown }>>;
}

const COMPARED_FIELDS = IMAGE_FIELDS.filter((field) => field !== "id");

/** The fields that differ between two versions of one image (`properties` as a whole). */
export function changedFields(before: Image, after: Image): Change["fields"] {
  const fields: Change["fields"] = {};
  for (const field of COMPARED_FIELDS) {
    const from = before[field];
    const to = after[field];
    const same =
      field === "properties" ? sameProperties(before.properties, after.properties) : from === to;
    if (!same) fields[field] = { from, to };
  }
  return fields;
}

function sameProperties(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
  return true;
}
