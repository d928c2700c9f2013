import type { SnapshotRow } from "./snapshots-query.ts";

/** CSV columns of a snapshot row (`/snapshots`, `nhn-images snapshots`): figures flat, maps as JSON. */
export const SNAPSHOT_CSV_COLUMNS = [
  "snapshotDate",
  "manifestKey",
  "images",
  "public",
  "private",
  "totalBytes",
  "added",
  "removed",
  "changed",
  "byStatus",
  "byDiskFormat",
  "byRegion",
  "byVisibility",
] as const;

/** CSV columns of a change row (`/changes`, `nhn-images changes`). */
export const CHANGE_CSV_COLUMNS = [
  "snapshotDate",
  "change",
  "id",
  "region",
  "name",
  "fields",
] as const;

/** CSV columns of an image's history (`/images/{id}/history`). */
export const HISTORY_CSV_COLUMNS = ["snapshotDate", "change", "fields"] as const;

/** A snapshot row as the record {@link SNAPSHOT_CSV_COLUMNS} read. */
export function snapshotCsvRecord(
  row: SnapshotRow,
): Record<(typeof SNAPSHOT_CSV_COLUMNS)[number], unknown> {
  const { counts, changes } = row;
  return {
    snapshotDate: row.snapshotDate,
    manifestKey: row.manifestKey,
    images: counts.images,
    public: counts.public,
    private: counts.private,
    totalBytes: counts.totalBytes,
    ...changes,
    byStatus: counts.byStatus,
    byDiskFormat: counts.byDiskFormat,
    byRegion: "byRegion" in counts ? counts.byRegion : null,
    byVisibility: "byVisibility" in counts ? counts.byVisibility : null,
  };
}
