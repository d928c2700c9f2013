/**
 * @nhn-images/core: one typed, validated view of NHN Cloud images over the v1 appkey API or
 * Glance v2 (an adapter each, behind one client), across regions and projects, and the query
 * engine of the list endpoint.
 */

export { AWS_DEADLINES, type AwsDeadlines, requestHandlerOf } from "./aws/request-deadlines.ts";
export { readSecureString } from "./aws/ssm-secure-string.ts";
export { addDays, ageInDays, dayOf } from "./calendar-days.ts";
export { ConcurrencyLimit } from "./client/concurrency-limit.ts";
export {
  type CallOptions,
  createImageClient,
  type ImageClient,
  type ImageClientOptions,
  type ListImagesOptions,
  type ListingFilters,
} from "./client/image-client.ts";
export {
  type ImageRef,
  ImageWriteRefusedError,
  type ImageWrites,
  type WriteOptions,
  type WriteOutcome,
} from "./client/image-writes.ts";
export { pickImage } from "./client/pick-image.ts";
export { mapWithConcurrency } from "./client/pool.ts";
export { type StartOptions, startImageClient } from "./client/start-image-client.ts";
export { TOKEN_RENEW_BEFORE_MS } from "./client/token-provider.ts";
export { type Config, type Credentials, loadConfig } from "./config/config.ts";
export type { ApiVersion } from "./config/environment.ts";
export {
  type InventorySettings,
  loadInventoryConfig,
  type S3Credentials,
  type S3Target,
} from "./config/inventory-config.ts";
export { resolveS3Credentials } from "./config/s3-credentials.ts";
export {
  ConfigError,
  ImageConflictError,
  ImageNotFoundError,
  type InputIssue,
  NhnImagesError,
  NoMatchingImageError,
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
export { FAMILY_CSV_COLUMNS, familyCsvRecord } from "./format/family-csv.ts";
export { ndjsonLine } from "./format/ndjson.ts";
export type { CoreLogger } from "./logger.ts";
export { isWellFormedUnicode } from "./query/case-fold.ts";
export {
  type CursorPosition,
  decodeCursor,
  encodeCursor,
  resumeCursor,
} from "./query/cursor.ts";
export {
  FAMILIES_QUERY_PARAMETERS,
  type FamiliesPage,
  type FamiliesQuery,
  familiesPage,
  familyListingFilters,
  familyRowFilter,
  parseFamiliesQuery,
} from "./query/families-query.ts";
export { FamilyTally, familyRowsOf } from "./query/family-tally.ts";
export { Glob } from "./query/glob.ts";
export { imageIdIssue } from "./query/image-id.ts";
export {
  checkLatestRegion,
  LATEST_DEFAULT_STATUS,
  LATEST_QUERY_PARAMETERS,
  LatestImageRun,
  latestImage,
  parseLatestQuery,
} from "./query/latest-query.ts";
export { listingFiltersOf } from "./query/listing-filters.ts";
export { compareCodePoints, compareIdThenRegion } from "./query/order.ts";
export {
  calendarDate,
  commaList,
  DEFAULT_LIMIT,
  IMAGE_QUERY_PARAMETERS,
  IN_USE_VALUES,
  MAX_LIMIT,
  MULTI_VALUE_PARAMETERS,
  OUTPUT_FORMATS,
  type OutputFormat,
  oneRegion,
  outputFormat,
  pageLimit,
} from "./query/params.ts";
export {
  type ImageFilters,
  type ImageQuery,
  parseImageQuery,
  type SortKey,
} from "./query/parse.ts";
export { type RouteParameters, readQuery, routeParameters } from "./query/read-params.ts";
export {
  imageFilter,
  type ProjectedImage,
  type QueryResult,
  QueryRun,
  runQuery,
} from "./query/run.ts";
export { selectImages } from "./query/select.ts";
export { checkUsageParameters } from "./query/usage-parameters.ts";
export { REGIONS, type Region } from "./regions.ts";
export { FamilyLatest, FamilyRow } from "./schemas/family-row.ts";
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
export { FAMILY_PROPERTY, familyOf } from "./schemas/image-family.ts";
export { ImageUsage, USAGE_VERDICTS, UsageVerdict } from "./schemas/image-usage.ts";
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
