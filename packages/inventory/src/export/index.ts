/**
 * `@nhn-images/inventory/export`: the nightly inventory export — one snapshot of every image into
 * object storage (Parquet, NDJSON, CSV, the changes since the previous snapshot, the manifest,
 * `latest.json`) and its change events. The `export-inventory` Lambda and `nhn-images export`
 * both run it. A subpath of its own, so that what only reads (the list function's bundle) never
 * carries the writers.
 */

export type { Change } from "../diff/image-diff.ts";
export { SnapshotDropError } from "./drop-guard.ts";
export { ExportEventError, type ExportRequest, parseExportEvent } from "./event.ts";
export {
  EventPublishError,
  MAX_ATTEMPTS,
  PERMANENT_ENTRY_ERRORS,
  type PutEvents,
  type PutEventsAnswer,
  publishEvents,
} from "./events/event-publisher.ts";
export { eventBridgePutEvents } from "./events/eventbridge-client.ts";
export {
  entryOf,
  entrySize,
  MAX_ENTRIES_PER_REQUEST,
  MAX_REQUEST_BYTES,
  type PutEventsEntry,
  requestsOf,
} from "./events/put-events-entries.ts";
export { type SnapshotEvent, snapshotEvents } from "./events/snapshot-events.ts";
export { type ExportOutcome, type ExportRunDependencies, runExport } from "./export.ts";
export { ExportBusyError, type LockKeys, type RunLock, RunLockContent } from "./export-busy.ts";
export type { ExportProgress } from "./export-progress.ts";
export {
  createExportHandler,
  type ExportHandlerDependencies,
  type ExportLogger,
  type ExportMetrics,
  type ExportResult,
  type MetricUnitName,
} from "./handler.ts";
export { ExternalIdSorter } from "./id-sorter.ts";
export type { ObjectWriterOptions } from "./objects/object-upload.ts";
export { acquireLock } from "./run-lock.ts";
export { SnapshotStore } from "./snapshot-store.ts";
