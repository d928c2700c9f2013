export {
  ATHENA_TABLES_ON_DUCKDB,
  type ReadmeQuery,
  readmeAthenaQueries,
} from "./athena-on-duckdb.ts";
export { type PutEventsFixture, putEventsFixture } from "./aws-fixtures.ts";
export { type CheckedS3, startCheckedS3 } from "./checked-s3.ts";
export {
  type BusEvent,
  type EntryFault,
  type EventBus,
  type PutEventsCall,
  type ReceivedEntry,
  startEventBus,
} from "./event-bus-server.ts";
export {
  matchesEventPattern,
  type ReadmeEventPattern,
  readmeEventPatterns,
} from "./event-pattern.ts";
export { type ExportRun, runExportBundle } from "./export-bundle.ts";
export { type NhnFixture, nhnFixture } from "./nhn-fixtures.ts";
export { missingOpenStack, OPENSTACK_AVAILABLE } from "./openstack/availability.ts";
export { startCheckedSwiftS3 } from "./openstack/checked-swift-s3.ts";
export {
  type Glance,
  type GlanceCaller,
  NHN_LIMIT_DEFAULT,
  startGlance,
  trustedHeaders,
} from "./openstack/glance.ts";
export {
  buildGlanceEstate,
  type EstateImage,
  type EstateProjects,
  type GlanceEstate,
  type GlanceWithEstate,
  startGlanceWithEstate,
} from "./openstack/glance-estate.ts";
export { startGlanceGateway } from "./openstack/glance-gateway.ts";
export { keystoneToken } from "./openstack/keystone-token.ts";
export {
  SWIFT_S3_KEY,
  SWIFT_S3_REGION,
  type SwiftS3,
  startSwiftS3,
  swiftS3Client,
} from "./openstack/swift-s3.ts";
export { readmeSection } from "./readme-section.ts";
export { type LoggedLine, recordingLogger } from "./recording-logger.ts";
export {
  fetchAnsweredBy,
  type ReplayAnswer,
  type ReplayedRequest,
  startReplayServer,
  v1ReplayRoutes,
} from "./replay-server.ts";
export { type S3Fault, type S3Operation, startS3Proxy } from "./s3-proxy.ts";
export { S3RVER_KEY, type S3ServerOptions, s3rverClient, startS3 } from "./s3-server.ts";
export { type SilentServer, startSilentServer } from "./silent-server.ts";
export { expectedVerdicts, type OracleEstate, type OracleImage } from "./usage-oracle.ts";
