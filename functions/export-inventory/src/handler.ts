import { randomUUID } from "node:crypto";
import {
  type Config,
  ConfigError,
  type CoreLogger,
  createInventoryS3Client,
  formatTimestamp,
  inventoryLayout,
  readSecureString,
  resolveS3Credentials,
  type S3Target,
  startImageClient,
} from "@nhn-images/core";
import { parseExportEvent } from "./event.ts";
import { runExport } from "./export.ts";
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
}

export interface ExportResult {
  readonly snapshotDate: string;
  readonly manifestKey: string;
  readonly images: number;
  readonly changes: { readonly added: number; readonly removed: number; readonly changed: number };
}

/**
 * Builds the `export-inventory` handler: one snapshot per invocation, for the schedule (the
 * run's start date in UTC) or a manual `{"date":"YYYY-MM-DD"}`. It throws on any failure, so
 * Lambda's retries and the on-failure destination see it.
 */
export function createExportHandler(deps: ExportHandlerDependencies) {
  const now = deps.now ?? Date.now;
  const newRunId = deps.randomUUID ?? randomUUID;
  const getSecureString = deps.getSecureString ?? readSecureString;
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
    const today = formatTimestamp(started).slice(0, 10);
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
      const s3 = await createInventoryS3Client(await storeTarget(config));
      try {
        const manifest = await runExport(snapshotDate, {
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
        });
        const bytes = manifest.objects.reduce((sum, object) => sum + object.bytes, 0);
        deps.metrics.addMetric("ImagesExported", "Count", manifest.counts.images);
        deps.metrics.addMetric("ImagesAdded", "Count", manifest.changes.added);
        deps.metrics.addMetric("ImagesRemoved", "Count", manifest.changes.removed);
        deps.metrics.addMetric("ImagesChanged", "Count", manifest.changes.changed);
        deps.metrics.addMetric("BytesWritten", "Bytes", bytes);
        deps.metrics.addMetric("ExportDuration", "Milliseconds", now() - started);
        return {
          snapshotDate,
          manifestKey: inventoryLayout(config.inventory.prefix).manifest(snapshotDate),
          images: manifest.counts.images,
          changes: manifest.changes,
        };
      } finally {
        s3.destroy();
      }
    } catch (error) {
      deps.metrics.addMetric("ExportFailed", "Count", 1);
      deps.logger.error("Export failed", {
        error:
          error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
      throw error;
    } finally {
      deps.metrics.publishStoredMetrics();
    }
  };
}
