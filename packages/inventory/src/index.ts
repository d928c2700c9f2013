export { CHANGE_KINDS, type ChangeKind, type ImageChange } from "./diff/image-change.ts";
export { diffSnapshots, type SnapshotDiff } from "./diff/snapshot-diff.ts";
export { type ChangeRow, type ChangesPage, runChangesQuery } from "./history/changes-page.ts";
export {
  CHANGEABLE_FIELDS,
  CHANGES_QUERY_PARAMETERS,
  type ChangesQuery,
  parseChangesQuery,
} from "./history/changes-query.ts";
export {
  CHANGE_CSV_COLUMNS,
  HISTORY_CSV_COLUMNS,
  SNAPSHOT_CSV_COLUMNS,
  snapshotCsvRecord,
} from "./history/history-csv.ts";
export type { HistorySource } from "./history/history-source.ts";
export {
  type HistoryChange,
  IMAGE_HISTORY_QUERY_PARAMETERS,
  type ImageHistory,
  type ImageHistoryQuery,
  parseImageHistoryQuery,
  runImageHistoryQuery,
} from "./history/image-history.ts";
export { readUsageHistory } from "./history/read-usage-history.ts";
export {
  parseSnapshotsQuery,
  runSnapshotsQuery,
  SNAPSHOTS_QUERY_PARAMETERS,
  type SnapshotRow,
  type SnapshotsQuery,
} from "./history/snapshots-query.ts";
export { UNUSED_SINCE_LOOKBACK_DAYS, unusedSinceDates } from "./history/unused-since.ts";
export {
  type UnusedRun,
  UsageHistory,
  type UsageOfImage,
  unusedKey,
} from "./history/usage-history.ts";
export {
  InventoryReadError,
  SnapshotNotFoundError,
  SnapshotUnreadableError,
} from "./inventory-errors.ts";
export {
  type InventoryLayout,
  inventoryLayout,
  type LegacySnapshotObject,
  SNAPSHOT_OBJECT_NAMES,
  SNAPSHOT_OBJECTS,
  type SnapshotObject,
} from "./layout/layout.ts";
export { LegacyManifest } from "./layout/legacy-manifest.ts";
export {
  imagesNdjsonKeyOf,
  Latest,
  legacyRegionOf,
  MANIFEST_SCHEMA_VERSION,
  Manifest,
  ObjectSummary,
} from "./layout/manifest.ts";
export { type Snapshot, snapshotOf } from "./layout/snapshot.ts";
export { InventoryReader, type InventoryReaderOptions } from "./reader/inventory-reader.ts";
export { type OpenInventoryOptions, openInventory } from "./reader/open-inventory.ts";
export { readLines } from "./reader/read-lines.ts";
export type { SkippedSnapshot, SnapshotCatalogue } from "./reader/snapshot-catalogue.ts";
export { createInventoryS3Client } from "./store/inventory-s3-client.ts";
export { type InventoryStoreOptions, openInventoryStore } from "./store/open-inventory-store.ts";
export {
  isObjectMissing,
  type ListedObject,
  listObjects,
  readObjectText,
} from "./store/store-objects.ts";
