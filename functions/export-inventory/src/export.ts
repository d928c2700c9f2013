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
import { ExternalIdSorter, type SortedImage } from "./id-sorter.ts";
import { type InventoryLayout, inventoryLayout } from "./layout.ts";
import { MANIFEST_SCHEMA_VERSION, type Manifest, type ObjectSummary } from "./manifest.ts";
import { GzipObjectWriter, type ObjectWriterOptions } from "./object-writer.ts";
import { previousImages } from "./previous-snapshot.ts";
import { count, newCounts } from "./snapshot-counts.ts";
import { SnapshotStore } from "./snapshot-store.ts";

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
}

const CSV_COLUMNS = csvColumns(null);

/**
 * Writes the snapshot of `snapshotDate`: every image (NDJSON and CSV, by id then region), the
 * changes since the newest earlier snapshot, then the manifest, then `latest.json` unless a
 * newer snapshot exists.
 *
 * Memory stays flat as the inventory grows. When the API lists in id order (the client says so;
 * Glance does), every listing is asked for id order and their pages are merged straight into the
 * objects while the order is checked (listing and writing overlap); otherwise (v1 has no sort),
 * or if upstream breaks the order, images are sorted by (id, region) in bounded memory (sorted
 * runs spill to /tmp). The previous snapshot is read as a stream and the diff is a merge of two
 * ordered streams. On any failure the uploads are aborted, no manifest is written, and the error
 * is thrown.
 */
export async function runExport(
  snapshotDate: string,
  deps: ExportRunDependencies,
): Promise<Manifest> {
  const now = deps.now ?? Date.now;
  const startedAt = new Date(now()).toISOString();
  const store = new SnapshotStore(deps.s3, deps.bucket, inventoryLayout(deps.prefix));
  const log = deps.logger;

  const previousSnapshotDate = await store.previousSnapshotDate(snapshotDate);
  const rerun = await store.hasManifest(snapshotDate);
  log.info("Export started", { snapshotDate, previousSnapshotDate, rerun, runId: deps.runId });

  const sorter = new ExternalIdSorter(deps.sortRunSize);
  const writers: GzipObjectWriter[] = [];
  const completed: string[] = [];
  const open = (key: string, type: string) => {
    const writer = new GzipObjectWriter(deps.s3, deps.bucket, key, type, deps.writerOptions);
    writers.push(writer);
    return writer;
  };
  const write = async (images: AsyncIterable<SortedImage>) =>
    writeObjects(
      images,
      await previousImages(store, previousSnapshotDate),
      open,
      store.layout,
      snapshotDate,
      completed,
    );
  try {
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
    const { counts, changes, objects } = written;
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
      objects,
    };
    const manifestKey = await store.writeManifest(manifest);
    const latest = await store.readLatest();
    if (latest === null || latest.snapshotDate <= snapshotDate) {
      await store.writeLatest({ snapshotDate, manifestKey });
    }
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
    if (rerun && completed.length > 0) {
      // Some objects of this date were already replaced: the old manifest no longer describes
      // them, so the date has no snapshot until a run succeeds.
      await store.deleteManifest(snapshotDate).catch(() => undefined);
      log.warn("Re-run failed after replacing objects; removed the date's old manifest", {
        snapshotDate,
        completed,
      });
    }
    throw error;
  } finally {
    await sorter.dispose();
  }
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
  layout: InventoryLayout,
  snapshotDate: string,
  completed: string[],
): Promise<Written> {
  try {
    const ndjson = open(layout.imagesNdjson(snapshotDate), "application/x-ndjson");
    const csv = open(layout.imagesCsv(snapshotDate), "text/csv");
    const changesObject = open(layout.changes(snapshotDate), "application/x-ndjson");
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
    const objects = await closeAll(writers, completed);
    return { counts, changes, objects, duplicates };
  } finally {
    await previous.close();
  }
}

/** Closes every writer; if any fails, aborts the rest and throws its error. */
async function closeAll(
  writers: readonly GzipObjectWriter[],
  completed: string[],
): Promise<ObjectSummary[]> {
  const results = await Promise.allSettled(writers.map((writer) => writer.close()));
  const summaries: ObjectSummary[] = [];
  let failure: unknown = null;
  for (const result of results) {
    if (result.status === "fulfilled") {
      summaries.push(result.value);
      completed.push(result.value.key);
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
