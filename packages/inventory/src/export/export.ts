import type { S3Client } from "@aws-sdk/client-s3";
import {
  type ApiVersion,
  type CoreLogger,
  type ImageClient,
  UpstreamOrderError,
} from "@nhn-images/core";
import { inventoryLayout } from "../layout/layout.ts";
import { MANIFEST_SCHEMA_VERSION, type Manifest } from "../layout/manifest.ts";
import { refuseLargeDrop } from "./drop-guard.ts";
import type { ChangedImage } from "./events/snapshot-events.ts";
import type { ExportProgress } from "./export-progress.ts";
import { ExternalIdSorter, type SortedImage } from "./id-sorter.ts";
import { type ObjectKeys, objectKeys } from "./object-keys.ts";
import type { ObjectWriterOptions } from "./objects/object-upload.ts";
import {
  abortSnapshotWriters,
  openSnapshotWriters,
  type SnapshotWriters,
} from "./objects/snapshot-writers.ts";
import { previousImages } from "./previous-snapshot.ts";
import { deleteStaged, publishSnapshot } from "./publish-snapshot.ts";
import { rediffFollowing } from "./rediff-following.ts";
import { acquireRunLock } from "./run-lock.ts";
import { idOrderedImages, type Written, writeObjects } from "./snapshot-objects.ts";
import { SnapshotStore } from "./snapshot-store.ts";
import { removeStaleSpills } from "./spill-directories.ts";

/** What one export run needs: the upstream client, the store, and the run's identity. */
export interface ExportRunDependencies {
  readonly client: ImageClient;
  readonly s3: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly source: {
    readonly api: ApiVersion;
    readonly regions: readonly string[];
    readonly projects: readonly string[];
  };
  readonly logger: CoreLogger;
  readonly now?: () => number;
  readonly runId: string;
  readonly writerOptions?: ObjectWriterOptions | undefined;
  /** Images held in memory before the id sort spills to disk. */
  readonly sortRunSize?: number | undefined;
  /** Refuse a snapshot with more than this percentage fewer images than the previous (0: never). */
  readonly maxDropPct?: number | undefined;
  /** Write the snapshot even if it drops more than `maxDropPct` (the `{"force": true}` event). */
  readonly force?: boolean | undefined;
  /** Epoch ms after which this run's lock may be taken over (its invocation is over by then). */
  readonly lockExpiresAt?: number | undefined;
  /** How many of the snapshot's first changes to return with their images (for change events). */
  readonly keepChanges?: number | undefined;
  /** Told of the run's start, each upstream page and the bytes stored (a progress bar). */
  readonly progress?: ExportProgress | undefined;
}

/** A published snapshot: its manifest as written, its key, and its first changes. */
export interface ExportOutcome {
  readonly manifest: Manifest;
  readonly manifestKey: string;
  readonly firstChanges: readonly ChangedImage[];
}

/** How long a run's lock holds when the caller does not say: Lambda's longest timeout. */
const DEFAULT_LOCK_MS = 15 * 60_000;

/**
 * Writes the snapshot of `snapshotDate`: every image (Parquet, NDJSON and CSV, by id then
 * region), the changes since the newest earlier snapshot (Parquet and NDJSON), then the
 * manifest, then `latest.json`.
 *
 * Memory stays flat as the inventory grows. When the API lists in id order (the client says so;
 * Glance does), every listing is asked for id order and their pages are merged straight into the
 * objects while the order is checked (listing and writing overlap); otherwise (v1 has no sort),
 * or if upstream breaks the order, images are sorted by (id, region) in bounded memory (sorted
 * runs spill to /tmp). The previous snapshot is read as a stream and the diff is a merge of two
 * ordered streams.
 *
 * At every instant, whatever point the run is killed at, every manifest describes exactly the
 * objects under its keys and `latest.json` names a manifest that exists (DESIGN.md):
 * - one run per date at a time ({@link acquireRunLock});
 * - a first run writes the date's keys, which no manifest describes yet, then the manifest;
 * - a re-run writes to staging keys; only once they are complete does it retract the date
 *   (`latest.json` moved off it, its manifest deleted), copy them over the date's keys, and
 *   write the new manifest — a failure before that leaves the old snapshot whole;
 * - `latest.json` is then settled on the newest manifest ({@link settleLatest});
 * - a snapshot dated after it, if any, is diffed again against it ({@link rediffFollowing}),
 *   so every snapshot's changes stay its diff against the newest snapshot before it.
 * On any failure the uploads are aborted and the error is thrown.
 *
 * @returns the manifest as written, its key, and the first `keepChanges` changes with their
 *   images (what the change events are made of).
 * @throws {SnapshotDropError} when the snapshot has more than `maxDropPct` percent fewer images
 *   than the previous one and the run is not forced; nothing is written.
 */
export async function runExport(
  snapshotDate: string,
  deps: ExportRunDependencies,
): Promise<ExportOutcome> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const store = new SnapshotStore(deps.s3, deps.bucket, inventoryLayout(deps.prefix));
  const log = deps.logger;
  await removeStaleSpills();
  const lockExpiresAt = deps.lockExpiresAt ?? now() + DEFAULT_LOCK_MS;
  const lock = await acquireRunLock(store, snapshotDate, deps.runId, lockExpiresAt, now);
  const sorter = new ExternalIdSorter(deps.sortRunSize);
  const writers: SnapshotWriters[] = [];
  let staging: ObjectKeys | null = null;
  try {
    // Left by re-runs that were killed: no manifest names them.
    for (const key of await store.keysUnder(store.layout.stagingOf(snapshotDate))) {
      await store.delete(key);
    }
    const previousSnapshotDate = await store.previousSnapshotDate(snapshotDate);
    const rerun = await store.hasManifest(snapshotDate);
    log.info("Export started", { snapshotDate, previousSnapshotDate, rerun, runId: deps.runId });
    const previousManifest =
      previousSnapshotDate === null ? null : await store.readManifest(previousSnapshotDate);
    deps.progress?.started?.({
      snapshotDate,
      previousSnapshotDate,
      previousImages: imageCountOf(previousManifest),
    });
    const keys = objectKeys(store.layout, snapshotDate, rerun ? deps.runId : null);
    if (rerun) staging = keys;
    const open = () => {
      const opened = openSnapshotWriters(deps.s3, deps.bucket, keys, {
        ...deps.writerOptions,
        onStored: deps.progress?.stored?.bind(deps.progress),
      });
      writers.push(opened);
      return opened;
    };
    const checkDrop = (counts: Manifest["counts"]) =>
      refuseLargeDrop(
        snapshotDate,
        counts.images,
        previousSnapshotDate,
        imageCountOf(previousManifest),
        deps,
      );
    const write = async (images: AsyncIterable<SortedImage>) =>
      writeObjects(
        images,
        previousImages(store, previousSnapshotDate, previousManifest),
        open(),
        checkDrop,
        deps.keepChanges,
        deps.client.usage,
      );

    const started = now();
    const { written, mode } = await listAndWrite(deps, write, sorter, async () => {
      await Promise.all(writers.splice(0).map(abortSnapshotWriters));
    });
    if (written.duplicates > 0) {
      log.warn("Upstream listed some images twice; kept one of each", {
        duplicates: written.duplicates,
      });
    }
    const { counts, changes } = written;
    const { manifest, manifestKey } = await publishSnapshot(
      store,
      {
        schemaVersion: MANIFEST_SCHEMA_VERSION,
        snapshotDate,
        runId: deps.runId,
        startedAt,
        finishedAt: new Date(now()).toISOString(),
        source: {
          api: deps.source.api,
          regions: [...deps.source.regions],
          projects: [...deps.source.projects],
        },
        previousSnapshotDate,
        counts,
        changes,
        objects: written.objects,
      },
      keys,
    );
    // Written before a later snapshot (a backfill, a re-run): that one's changes follow it.
    await rediffFollowing(store, snapshotDate, { ...deps, now, lockExpiresAt });
    log.info("Export finished", {
      snapshotDate,
      images: counts.images,
      ...changes,
      mode,
      durationMs: now() - started,
      manifestKey,
    });
    return { manifest, manifestKey, firstChanges: written.firstChanges };
  } catch (error) {
    await Promise.all(writers.map(abortSnapshotWriters));
    if (staging !== null) await deleteStaged(store, staging).catch(() => undefined);
    throw error;
  } finally {
    await sorter.dispose();
    await lock.release();
  }
}

/**
 * Lists and writes the objects: streamed in id order where the API lists that way, sorted in
 * bounded memory otherwise, or when upstream breaks the order it was asked for (the streamed
 * uploads are aborted with `abortStreamed` first).
 */
async function listAndWrite(
  deps: ExportRunDependencies,
  write: (images: AsyncIterable<SortedImage>) => Promise<Written>,
  sorter: ExternalIdSorter,
  abortStreamed: () => Promise<void>,
): Promise<{ written: Written; mode: "streamed" | "sorted" }> {
  const onPage = deps.progress?.page?.bind(deps.progress);
  if (deps.client.listsInIdOrder) {
    try {
      return { written: await write(idOrderedImages(deps.client, onPage)), mode: "streamed" };
    } catch (error) {
      if (!(error instanceof UpstreamOrderError)) throw error;
      deps.logger.warn("Upstream did not list by id as asked; sorting instead", {
        detail: error.message,
      });
      await abortStreamed();
    }
  }
  for await (const page of deps.client.listImages({ onPage })) await sorter.add(page);
  return { written: await write(sorter.sorted()), mode: "sorted" };
}

/** The image count a stored manifest (any schema version) states, or null. */
function imageCountOf(manifest: unknown): number | null {
  const images = (manifest as { counts?: { images?: unknown } } | null)?.counts?.images;
  return typeof images === "number" ? images : null;
}
