import {
  compareIdThenRegion,
  csvColumns,
  csvHeader,
  csvRow,
  type Image,
  type ImageClient,
  ndjsonLine,
} from "@nhn-images/core";
import { type Change, changedFields, type PreviousImage } from "./diff.ts";
import type { SortedImage } from "./id-sorter.ts";
import type { Manifest, ObjectSummary } from "./manifest.ts";
import type { ObjectKeys } from "./object-keys.ts";
import type { GzipObjectWriter } from "./object-writer.ts";
import type { previousImages } from "./previous-snapshot.ts";
import { count, newCounts } from "./snapshot-counts.ts";

const CSV_COLUMNS = csvColumns(null);

export interface Written {
  readonly counts: Manifest["counts"];
  readonly changes: Manifest["changes"];
  readonly objects: ObjectSummary[];
  readonly duplicates: number;
}

/** The listings asked in id order and merged, each (region, id) once, checked as they stream. */
export async function* idOrderedImages(client: ImageClient): AsyncGenerator<SortedImage> {
  for await (const batch of client.listImagesInIdOrder()) {
    for (const image of batch) yield { image, line: ndjsonLine(image) };
  }
}

/**
 * The three objects from images in id order: each image to NDJSON and CSV, and the merge with
 * the previous snapshot to `changes`. Closes the objects (the uploads complete) at the end.
 */
export async function writeObjects(
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
