import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import {
  type AwsDeadlines,
  type Config,
  ConfigError,
  type CoreLogger,
  dayOf,
  readSecureString,
  resolveS3Credentials,
  type S3Target,
  startImageClient,
} from "@nhn-images/core";
import type { Manifest } from "../layout/manifest.ts";
import { createInventoryS3Client } from "../store/inventory-s3-client.ts";
import { parseExportEvent } from "./event.ts";
import { EventPublishError } from "./events/event-publisher.ts";
import { publishChangeEvents } from "./events/publish-change-events.ts";
import { runExport } from "./export.ts";
import type { ExportProgress } from "./export-progress.ts";
import type { ObjectWriterOptions } from "./objects/object-upload.ts";

export type MetricUnitName = "Count" | "Milliseconds" | "Bytes";

/** The metrics the export emits; Powertools' Metrics (EMF) fits. */
export interface ExportMetrics {
  addMetric(name: string, unit: MetricUnitName, value: number): void;
  publishStoredMetrics(): void;
}

export interface ExportLogger extends CoreLogger {
  error(message: string, extra: Record<string, unknown>): void;
}

/** What the export handler is built from: the environment and the outside world, injectable. */
export interface ExportHandlerDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: ExportLogger;
  readonly metrics: ExportMetrics;
  /**
   * Reads an SSM SecureString (the API password of `NHN_API_PASSWORD_PARAM`, the object store's
   * keys of `S3_CREDENTIALS_PARAM`); SSM by default.
   */
  readonly getSecureString?: (name: string) => Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly randomUUID?: () => string;
  readonly writerOptions?: ObjectWriterOptions;
  readonly sortRunSize?: number;
  /** Told how the run goes (`nhn-images export`'s progress bar); nothing by default. */
  readonly progress?: ExportProgress;
  /** The deadlines of the store's and the bus's requests (shorter in tests of a hung one). */
  readonly deadlines?: { readonly store?: AwsDeadlines; readonly bus?: AwsDeadlines };
}

export interface ExportResult {
  readonly snapshotDate: string;
  readonly manifestKey: string;
  readonly images: number;
  readonly changes: { readonly added: number; readonly removed: number; readonly changed: number };
  /** The change events put on `EVENT_BUS_NAME`, or null when it is not set. */
  readonly events: { readonly bus: string; readonly published: number } | null;
}

/**
 * Builds the `export-inventory` handler: one snapshot per invocation, for the schedule (the
 * run's start date in UTC) or a manual `{"date":"YYYY-MM-DD"}`, then its change events when
 * `EVENT_BUS_NAME` is set. It throws on any failure, so Lambda's retries and the on-failure
 * destination see it: a snapshot whose events could not all be put stays written, and the
 * retry (a re-run of its date) publishes them again.
 */
export function createExportHandler(deps: ExportHandlerDependencies) {
  const now = deps.now ?? Date.now;
  const newRunId = deps.randomUUID ?? randomUUID;
  const getSecureString = deps.getSecureString ?? readSecureString;
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  // The object store's keys are read from SSM once per container, not per run.
  let s3Target: Promise<S3Target> | null = null;
  const storeTarget = (config: Config): Promise<S3Target> => {
    s3Target ??= resolveS3Credentials(config, getSecureString).then(
      (resolved) => resolved.inventory.s3,
      (error: unknown) => {
        s3Target = null; // not cached: the next invocation tries again
        throw error;
      },
    );
    return s3Target;
  };

  return async function handler(
    event: unknown,
    context?: { getRemainingTimeInMillis?(): number },
  ): Promise<ExportResult> {
    const started = now();
    const remaining = context?.getRemainingTimeInMillis?.();
    const today = dayOf(started);
    try {
      const request = parseExportEvent(event, today);
      const snapshotDate = request.date ?? today;
      const { config, client } = await startImageClient(deps.env, {
        logger: deps.logger,
        now,
        getSecureString,
        fetch: deps.fetch,
        sleep: deps.sleep,
      });
      const bucket = config.inventory.bucket;
      if (bucket === null)
        throw new ConfigError([
          { param: "INVENTORY_BUCKET", message: "is required for the export" },
        ]);
      const s3 = await createInventoryS3Client(await storeTarget(config), deps.deadlines?.store);
      const { busName, maxChanges, endpoint } = config.events;
      let outcome: Awaited<ReturnType<typeof runExport>>;
      try {
        outcome = await runExport(snapshotDate, {
          client,
          s3,
          bucket,
          prefix: config.inventory.prefix,
          source: { api: config.apiVersion, regions: config.regions, projects: config.projects },
          logger: deps.logger,
          now,
          runId: newRunId(),
          writerOptions: deps.writerOptions,
          sortRunSize: deps.sortRunSize,
          maxDropPct: config.inventory.maxDropPct,
          force: request.force,
          // The invocation cannot outlive its remaining time: its lock need not either.
          lockExpiresAt: remaining === undefined ? undefined : started + remaining,
          keepChanges: busName === null ? 0 : maxChanges,
          progress: deps.progress,
        });
      } finally {
        s3.destroy();
      }
      const { manifest, manifestKey } = outcome;
      recordSnapshotMetrics(deps.metrics, manifest, now() - started);
      let events: ExportResult["events"] = null;
      if (busName !== null) {
        const published = await publishChangeEvents(
          outcome,
          { busName, endpoint },
          { env: deps.env, sleep, logger: deps.logger, deadlines: deps.deadlines?.bus },
        );
        deps.metrics.addMetric("ChangeEventsPublished", "Count", published);
        events = { bus: busName, published };
      }
      return {
        snapshotDate,
        manifestKey,
        images: manifest.counts.images,
        changes: manifest.changes,
        events,
      };
    } catch (error) {
      recordFailure(deps, error);
      throw error;
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}

function recordSnapshotMetrics(metrics: ExportMetrics, manifest: Manifest, durationMs: number) {
  metrics.addMetric("ImagesExported", "Count", manifest.counts.images);
  metrics.addMetric("ImagesAdded", "Count", manifest.changes.added);
  metrics.addMetric("ImagesRemoved", "Count", manifest.changes.removed);
  metrics.addMetric("ImagesChanged", "Count", manifest.changes.changed);
  const bytes = manifest.objects.reduce((sum, object) => sum + object.bytes, 0);
  metrics.addMetric("BytesWritten", "Bytes", bytes);
  metrics.addMetric("ExportDuration", "Milliseconds", durationMs);
}

/**
 * A failed invocation, logged and counted: `ExportFailed` when no snapshot was written,
 * `ChangeEventsFailed` (the events not put) when the snapshot was written and stays.
 */
function recordFailure(deps: ExportHandlerDependencies, error: unknown) {
  const detail =
    error instanceof Error ? { name: error.name, message: error.message } : String(error);
  if (error instanceof EventPublishError) {
    deps.metrics.addMetric("ChangeEventsPublished", "Count", error.published);
    deps.metrics.addMetric("ChangeEventsFailed", "Count", error.unpublished);
    deps.logger.error("Change events were not all published", { error: detail });
  } else {
    deps.metrics.addMetric("ExportFailed", "Count", 1);
    deps.logger.error("Export failed", { error: detail });
  }
}
