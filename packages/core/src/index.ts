/**
 * @nhn-images/core: one typed, validated view of NHN Cloud images over the v1 appkey API or
 * Glance v2 (an adapter each, behind one client), across regions and projects, and the query
 * engine of the list endpoint.
 */

export { createInventoryS3Client } from "./aws/inventory-s3-client.ts";
export { AWS_DEADLINES, type AwsDeadlines } from "./aws/request-deadlines.ts";
export { readSecureString } from "./aws/ssm-secure-string.ts";
export {
  type CallOptions,
  createImageClient,
  type ImageClient,
  type ImageClientOptions,
  type ListImagesOptions,
  type ListingFilters,
} from "./client/image-client.ts";
export { pickImage } from "./client/pick-image.ts";
export { type StartOptions, startImageClient } from "./client/start-image-client.ts";
export { TOKEN_RENEW_BEFORE_MS } from "./client/token-provider.ts";
export {
  type Config,
  type Credentials,
  loadConfig,
  type S3Credentials,
  type S3Target,
} from "./config/config.ts";
export type { ApiVersion } from "./config/environment.ts";
export { loadInventoryConfig } from "./config/inventory-config.ts";
export { resolveS3Credentials } from "./config/s3-credentials.ts";
export {
  ConfigError,
  ImageConflictError,
  ImageNotFoundError,
  type InputIssue,
  NhnImagesError,
  QueryError,
  UpstreamAuthError,
  UpstreamError,
  UpstreamLimitError,
  UpstreamNetworkError,
  UpstreamOrderError,
  UpstreamSchemaError,
  UpstreamTimeoutError,
} from "./errors.ts";
export { csvColumns, csvHeader, csvRow } from "./format/csv.ts";
export { ndjsonLine } from "./format/ndjson.ts";
export { readLines } from "./format/read-lines.ts";
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
export { diffSnapshots, type SnapshotDiff } from "./history/snapshot-diff.ts";
export {
  parseSnapshotsQuery,
  runSnapshotsQuery,
  SNAPSHOTS_QUERY_PARAMETERS,
  type SnapshotRow,
  type SnapshotsQuery,
} from "./history/snapshots-query.ts";
export { CHANGE_KINDS, type ChangeKind, type ImageChange } from "./inventory/image-change.ts";
export {
  InventoryReadError,
  SnapshotNotFoundError,
  SnapshotUnreadableError,
} from "./inventory/inventory-errors.ts";
export { InventoryReader, type InventoryReaderOptions } from "./inventory/inventory-reader.ts";
export {
  type InventoryLayout,
  inventoryLayout,
  type LegacySnapshotObject,
  SNAPSHOT_OBJECT_NAMES,
  SNAPSHOT_OBJECTS,
  type SnapshotObject,
} from "./inventory/layout.ts";
export { LegacyManifest } from "./inventory/legacy-manifest.ts";
export {
  imagesNdjsonKeyOf,
  Latest,
  legacyRegionOf,
  MANIFEST_SCHEMA_VERSION,
  Manifest,
  ObjectSummary,
} from "./inventory/manifest.ts";
export { type OpenInventoryOptions, openInventory } from "./inventory/open-inventory.ts";
export { type Snapshot, snapshotOf } from "./inventory/snapshot.ts";
export type { SkippedSnapshot, SnapshotCatalogue } from "./inventory/snapshot-catalogue.ts";
export {
  isObjectMissing,
  type ListedObject,
  listObjects,
  readObjectText,
} from "./inventory/store-objects.ts";
export type { CoreLogger } from "./logger.ts";
export { isWellFormedUnicode } from "./query/case-fold.ts";
export { Glob } from "./query/glob.ts";
export { imageIdIssue } from "./query/image-id.ts";
export { listingFiltersOf } from "./query/listing-filters.ts";
export { compareCodePoints, compareIdThenRegion } from "./query/order.ts";
export {
  calendarDate,
  IMAGE_QUERY_PARAMETERS,
  IN_USE_VALUES,
  MAX_LIMIT,
  MULTI_VALUE_PARAMETERS,
  OUTPUT_FORMATS,
  type OutputFormat,
  oneRegion,
} from "./query/params.ts";
export {
  type ImageFilters,
  type ImageQuery,
  parseImageQuery,
  type SortKey,
} from "./query/parse.ts";
export { type RouteParameters, readQuery, routeParameters } from "./query/read-params.ts";
export { type ProjectedImage, type QueryResult, QueryRun, runQuery } from "./query/run.ts";
export { selectImages } from "./query/select.ts";
export { checkUsageParameters } from "./query/usage-parameters.ts";
export { REGIONS, type Region } from "./regions.ts";
export {
  DISK_FORMATS,
  IMAGE_FIELDS,
  Image,
  type ImageField,
  imageFields,
  KNOWN_IMAGE_STATUSES,
  VISIBILITIES,
  type Visibility,
} from "./schemas/image.ts";
export {
  ImageUsage,
  USAGE_VERDICTS,
  UsageVerdict,
} from "./schemas/image-usage.ts";
export { Secret } from "./secret.ts";
export { formatTimestamp, parseTimestamp } from "./timestamp.ts";
export {
  type ImageReferences,
  type NodeGroupReference,
  type RegionEvidence,
  type RegionListings,
  regionEvidence,
  type ServerReference,
  type VolumeReference,
} from "./usage/usage-evidence.ts";
export { usageOf } from "./usage/usage-verdict.ts";
