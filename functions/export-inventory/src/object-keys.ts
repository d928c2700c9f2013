import type { InventoryLayout } from "./layout.ts";

/** The three data objects' keys: the date's own, or a re-run's staging keys. */
export interface ObjectKeys {
  readonly imagesNdjson: string;
  readonly imagesCsv: string;
  readonly changes: string;
}

export function objectKeys(
  layout: InventoryLayout,
  date: string,
  stagingRun: string | null,
): ObjectKeys {
  if (stagingRun === null) {
    return {
      imagesNdjson: layout.imagesNdjson(date),
      imagesCsv: layout.imagesCsv(date),
      changes: layout.changes(date),
    };
  }
  const staging = layout.staging(date, stagingRun);
  return {
    imagesNdjson: `${staging}images.ndjson.gz`,
    imagesCsv: `${staging}images.csv.gz`,
    changes: `${staging}changes.ndjson.gz`,
  };
}

export function finalKeyOf(key: string, written: ObjectKeys, final: ObjectKeys): string {
  if (key === written.imagesNdjson) return final.imagesNdjson;
  if (key === written.imagesCsv) return final.imagesCsv;
  if (key === written.changes) return final.changes;
  return key;
}
