import type { S3Client } from "@aws-sdk/client-s3";
import {
  type ApiVersion,
  type CoreLogger,
  compareIdThenRegion,
  csvColumns,
  csvHeader,
  csvRow,
  type Image,
  type ImageClient,
  ndjsonLine,
  UpstreamOrderError,
} from "@nhn-images/core";
import { type Change, changedFields, type PreviousImage } from "./diff.ts";
import { refuseLargeDrop } from "./drop-guard.ts";
import { ExternalIdSorter, type SortedImage } from "./id-sorter.ts";
import { retractLatest, settleLatest } from "./latest-pointer.ts";
import { type InventoryLayout, inventoryLayout } from "./layout.ts";
import { MANIFEST_SCHEMA_VERSION, type Manifest, type ObjectSummary } from "./manifest.ts";
import { GzipObjectWriter, type ObjectWriterOptions } from "./object-writer.ts";
import { previousImages } from "./previous-snapshot.ts";
import { acquireRunLock } from "./run-lock.ts";
import { count, newCounts } from "./snapshot-counts.ts";
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
}

const CSV_COLUMNS = csvColumns(null);
/** How long a run's lock holds when the caller does not say: Lambda's longest timeout. */
const DEFAULT_LOCK_MS = 15 * 60_000;

/**
 * Writes the snapshot of `snapshotDate`: every image (NDJSON and CSV, by id then region), the
 * changes since the newest earlier snapshot, then the manifest, then `latest.json`.
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
 * - `latest.json` is then settled on the newest manifest ({@link settleLatest}).
 * On any failure the uploads are aborted and the error is thrown.
 *
 * @throws {SnapshotDropError} when the snapshot has more than `maxDropPct` percent fewer images
 *   than the previous one and the run is not forced; nothing is written.
 */
export async function runExport(
  snapshotDate: string,
  deps: ExportRunDependencies,
): Promise<Manifest> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const store = new SnapshotStore(deps.s3, deps.bucket, inventoryLayout(deps.prefix));
  const log = deps.logger;
  await removeStaleSpills();
  const lock = await acquireRunLock(
    store,
    snapshotDate,
    deps.runId,
    deps.lockExpiresAt ?? now() + DEFAULT_LOCK_MS,
    now,
  );
  const sorter = new ExternalIdSorter(deps.sortRunSize);
  const writers: GzipObjectWriter[] = [];
  let staged: string[] = [];
  try {
    // Left by re-runs that were killed: no manifest names them.
    await deleteAll(store, await store.keysUnder(store.layout.stagingOf(snapshotDate)));
    const previousSnapshotDate = await store.previousSnapshotDate(snapshotDate);
    const rerun = await store.hasManifest(snapshotDate);
    log.info("Export started", { snapshotDate, previousSnapshotDate, rerun, runId: deps.runId });
    const previousCount = await imagesOf(store, previousSnapshotDate);
    const keys = objectKeys(store.layout, snapshotDate, rerun ? deps.runId : null);
    if (rerun) staged = [keys.imagesNdjson, keys.imagesCsv, keys.changes];
    const open = (key: string, type: string) => {
      const writer = new GzipObjectWriter(deps.s3, deps.bucket, key, type, deps.writerOptions);
      writers.push(writer);
      return writer;
    };
    const checkDrop = (counts: Manifest["counts"]) =>
      refuseLargeDrop(snapshotDate, counts.images, previousSnapshotDate, previousCount, deps);
    const write = async (images: AsyncIterable<SortedImage>) =>
      writeObjects(
        images,
        await previousImages(store, previousSnapshotDate),
        open,
        keys,
        checkDrop,
      );

    const started = now();
    let written: Written | null = null;
    let mode: "streamed" | "sorted" = "streamed";
    if (deps.client.listsInIdOrder) {
      try {
        written = await write(idOrderedImages(deps.client));
      } catch (error) {
        if (!(error instanceof UpstreamOrderError)) throw error;
        log.warn("Upstream did not list by id as asked; sorting instead", {
          snapshotDate,
          detail: error.message,
        });
        await Promise.all(writers.splice(0).map((writer) => writer.abort()));
      }
    }
    if (written === null) {
      mode = "sorted";
      for await (const page of deps.client.listImages()) await sorter.add(page);
      written = await write(sorter.sorted());
    }
    if (written.duplicates > 0) {
      log.warn("Upstream listed some images twice; kept one of each", {
        duplicates: written.duplicates,
      });
    }
    const { counts, changes } = written;
    const final = objectKeys(store.layout, snapshotDate, null);
    if (rerun) {
      await retractLatest(store, snapshotDate);
      await store.deleteManifest(snapshotDate);
      await store.copy(keys.imagesNdjson, final.imagesNdjson);
      await store.copy(keys.imagesCsv, final.imagesCsv);
      await store.copy(keys.changes, final.changes);
    }
    const manifest: Manifest = {
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
      objects: written.objects.map((object) => ({
        ...object,
        key: finalKeyOf(object.key, keys, final),
      })),
    };
    const manifestKey = await store.writeManifest(manifest);
    await settleLatest(store);
    await deleteAll(store, staged).catch(() => undefined);
    log.info("Export finished", {
      snapshotDate,
      images: counts.images,
      ...changes,
      mode,
      durationMs: now() - started,
      manifestKey,
    });
    return manifest;
  } catch (error) {
    await Promise.all(writers.map((writer) => writer.abort()));
    await deleteAll(store, staged).catch(() => undefined);
    throw error;
  } finally {
    await sorter.dispose();
    await lock.release();
  }
}

/** The three data objects' keys: the date's own, or a re-run's staging keys. */
interface ObjectKeys {
  readonly imagesNdjson: string;
  readonly imagesCsv: string;
  readonly changes: string;
}

function objectKeys(layout: InventoryLayout, date: string, stagingRun: string | null): ObjectKeys {
  if (stagingRun === null) {
    return {
      imagesNdjson: layout.imagesNdjson(date),
      imagesCsv: layout.imagesCsv(date),
      changes: layout.changes(date),
    };
  }
  const staging = layout.staging(date, stagingRun);
  return {
    imagesNdjson: `${staging}images.ndjson.gz`,
    imagesCsv: `${staging}images.csv.gz`,
    changes: `${staging}changes.ndjson.gz`,
  };
}

function finalKeyOf(key: string, written: ObjectKeys, final: ObjectKeys): string {
  if (key === written.imagesNdjson) return final.imagesNdjson;
  if (key === written.imagesCsv) return final.imagesCsv;
  if (key === written.changes) return final.changes;
  return key;
}

async function deleteAll(store: SnapshotStore, keys: readonly string[]): Promise<void> {
  for (const key of keys) await store.delete(key);
}

/** The image count of the snapshot of `date` as its manifest says, or null. */
async function imagesOf(store: SnapshotStore, date: string | null): Promise<number | null> {
  if (date === null) return null;
  const manifest = (await store.readManifest(date)) as { counts?: { images?: unknown } } | null;
  const images = manifest?.counts?.images;
  return typeof images === "number" ? images : null;
}

interface Written {
  readonly counts: Manifest["counts"];
  readonly changes: Manifest["changes"];
  readonly objects: ObjectSummary[];
  readonly duplicates: number;
}

/** The listings asked in id order and merged, each (region, id) once, checked as they stream. */
async function* idOrderedImages(client: ImageClient): AsyncGenerator<SortedImage> {
  for await (const batch of client.listImagesInIdOrder()) {
    for (const image of batch) yield { image, line: ndjsonLine(image) };
  }
}

/**
 * The three objects from images in id order: each image to NDJSON and CSV, and the merge with
 * the previous snapshot to `changes`. Closes the objects (the uploads complete) at the end.
 */
async function writeObjects(
  images: AsyncIterable<SortedImage>,
  previous: Awaited<ReturnType<typeof previousImages>>,
  open: (key: string, type: string) => GzipObjectWriter,
  keys: ObjectKeys,
  beforeClose: (counts: Manifest["counts"]) => void,
): Promise<Written> {
  try {
    const ndjson = open(keys.imagesNdjson, "application/x-ndjson");
    const csv = open(keys.imagesCsv, "text/csv");
    const changesObject = open(keys.changes, "application/x-ndjson");
    const writers = [ndjson, csv, changesObject];
    await csv.write(csvHeader(CSV_COLUMNS));

    const counts = newCounts();
    const changes = { added: 0, removed: 0, changed: 0 };
    const writeChange = async (change: Change) => {
      changes[change.change]++;
      const flushed = changesObject.writeRecord(ndjsonLine(change));
      if (flushed !== undefined) await flushed;
    };

    let before = await previous.next();
    let last: Image | null = null;
    let duplicates = 0;
    for await (const { image, line } of images) {
      if (last !== null && compareIdThenRegion(last, image) === 0) {
        duplicates++; // listed twice (by upstream paging, or through two projects): keep the first
        continue;
      }
      last = image;
      const flushedNdjson = ndjson.writeRecord(line);
      if (flushedNdjson !== undefined) await flushedNdjson;
      const flushedCsv = csv.writeRecord(csvRow(image, CSV_COLUMNS));
      if (flushedCsv !== undefined) await flushedCsv;
      count(counts, image);
      while (before !== null && compareIdThenRegion(before, image) < 0) {
        await writeChange(removal(before));
        before = await previous.next();
      }
      const key = { id: image.id, region: image.region, name: image.name };
      if (before !== null && compareIdThenRegion(before, image) === 0) {
        const fields = changedFields(before, image);
        if (Object.keys(fields).length > 0)
          await writeChange({ change: "changed", ...key, fields });
        before = await previous.next();
      } else {
        await writeChange({ change: "added", ...key, fields: {} });
      }
    }
    while (before !== null) {
      await writeChange(removal(before));
      before = await previous.next();
    }
    // Refused before any upload completes: a refused snapshot writes nothing.
    beforeClose(counts);
    const objects = await closeAll(writers);
    return { counts, changes, objects, duplicates };
  } finally {
    await previous.close();
  }
}

/** Closes every writer; if any fails, aborts the rest and throws its error. */
async function closeAll(writers: readonly GzipObjectWriter[]): Promise<ObjectSummary[]> {
  const results = await Promise.allSettled(writers.map((writer) => writer.close()));
  const summaries: ObjectSummary[] = [];
  let failure: unknown = null;
  for (const result of results) {
    if (result.status === "fulfilled") {
      summaries.push(result.value);
    } else {
      failure ??= result.reason;
    }
  }
  if (failure !== null) throw failure;
  return summaries;
}

function removal(before: PreviousImage): Change {
  return { change: "removed", id: before.id, region: before.region, name: before.name, fields: {} };
}
