export {
  createImageClient,
  type ImageClient,
  type ImageClientOptions,
  type ListImagesOptions,
  type V2PushDown,
} from "./client/image-client.ts";
export {
  CachingTokenProvider,
  createTokenProvider,
  type IssuedToken,
  staticTokenProvider,
  TOKEN_RENEW_BEFORE_MS,
  type TokenProvider,
} from "./client/token-provider.ts";
export { parseRetryAfter, type TransportOptions } from "./client/transport.ts";
export { httpStatusOfV1Code, isV1AuthFailure, V1_RESULT_CODES } from "./client/v1-result.ts";
export {
  API_VERSIONS,
  type ApiVersion,
  CONFIG_VARIABLES,
  type Config,
  type Credentials,
  DEFAULT_COMPUTE_URL,
  DEFAULT_IDENTITY_URL,
  loadConfig,
  REGIONS,
  type Region,
  regionImageUrl,
  resolveApiPassword,
  withApiPassword,
} from "./config.ts";
export {
  ConfigError,
  ImageNotFoundError,
  type InputIssue,
  NhnImagesError,
  QueryError,
  UpstreamAuthError,
  UpstreamError,
  UpstreamNetworkError,
  UpstreamSchemaError,
  UpstreamTimeoutError,
} from "./errors.ts";
export { csvColumns, csvHeader, csvRow } from "./format/csv.ts";
export { ndjsonLine } from "./format/ndjson.ts";
export { type CoreLogger, silentLogger } from "./logger.ts";
export { ImageNormaliser } from "./normalise.ts";
export { type CursorPosition, decodeCursor, encodeCursor } from "./query/cursor.ts";
export { Glob } from "./query/glob.ts";
export { compareCodePoints, imageComparator } from "./query/order.ts";
export {
  DEFAULT_LIMIT,
  IMAGE_QUERY_PARAMETERS,
  type ImageQueryParameter,
  MAX_LIMIT,
  OUTPUT_FORMATS,
  type OutputFormat,
  QUERY_LIMITS,
  QUERY_PARAMETER_NAMES,
  SORT_FIELDS,
  type SortField,
} from "./query/params.ts";
export {
  DEFAULT_SORT,
  type ImageFilters,
  type ImageQuery,
  type PropertyFilter,
  parseImageQuery,
  type SortKey,
} from "./query/parse.ts";
export { imageFilter, type ProjectedImage, type QueryResult, runQuery } from "./query/run.ts";
export {
  DISK_FORMATS,
  DiskFormat,
  IMAGE_FIELDS,
  Image,
  type ImageField,
  ImageStatus,
  KNOWN_IMAGE_STATUSES,
} from "./schemas/image.ts";
export {
  GLANCE_STANDARD_FIELDS,
  KeystoneTokenResponse,
  V1Header,
  V1Image,
  V1ImageList,
  V1TokenResponse,
  V2Image,
  V2ImageList,
} from "./schemas/upstream.ts";
export { Secret } from "./secret.ts";
export { formatTimestamp, parseTimestamp } from "./timestamp.ts";
