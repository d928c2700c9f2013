import type { FamilyRow } from "../schemas/family-row.ts";

/** The CSV columns of family rows (the API's and the CLI's): `latest` spread over three. */
export const FAMILY_CSV_COLUMNS = [
  "family",
  "region",
  "images",
  "active",
  "latestId",
  "latestName",
  "latestCreatedAt",
  "oldestCreatedAt",
  "totalBytes",
  "visibility",
] as const;

/** A family row as the record {@link FAMILY_CSV_COLUMNS} read; no latest image: empty cells. */
export function familyCsvRecord(row: FamilyRow): Record<string, unknown> {
  return {
    ...row,
    latestId: row.latest?.id ?? null,
    latestName: row.latest?.name ?? null,
    latestCreatedAt: row.latest?.createdAt ?? null,
  };
}
