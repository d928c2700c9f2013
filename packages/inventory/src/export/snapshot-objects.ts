import {
  compareIdThenRegion,
  csvColumns,
  csvHeader,
  csvRow,
  type Image,
  type ImageClient,
  ndjsonLine,
} from "@nhn-images/core";
import type { Change, PreviousImage } from "../diff/image-diff.ts";
import { type PreviousImageStream, StreamDiff } from "../diff/stream-diff.ts";
import type { Manifest, ObjectSummary } from "../layout/manifest.ts";
import type { ChangedImage } from "./events/snapshot-events.ts";
import type { SortedImage } from "./id-sorter.ts";
import {
  closeSnapshotWriters,
  type SnapshotWriters,
  writeChangeRow,
} from "./objects/snapshot-writers.ts";
import { count, newCounts } from "./snapshot-counts.ts";

export interface Written {
  readonly counts: Manifest["counts"];
  readonly changes: Manifest["changes"];
  readonly objects: ObjectSummary[];
  readonly duplicates: number;
  /** The first changes (at most the `keepChanges` asked for), each with its image, for events. */
  readonly firstChanges: ChangedImage[];
}

/** The listings asked in id order and merged, each (region, id) once, checked as they stream. */
export async function* idOrderedImages(
  client: ImageClient,
  onPage?: (images: number) => void,
): AsyncGenerator<SortedImage> {
  for await (const batch of client.listImagesInIdOrder({ onPage })) {
    for (const image of batch) yield { image, line: ndjsonLine(image) };
  }
}

/**
 * The five objects from images in id order: each image to Parquet, NDJSON and CSV, and the
 * merge with the previous snapshot to the changes (Parquet and NDJSON). Closes the objects (the
 * uploads complete) at the end; `beforeClose` may still refuse the snapshot then. The first
 * `keepChanges` changes are kept with their images (as listed, or as they were if removed).
 */
export async function writeObjects(
  images: AsyncIterable<SortedImage>,
  previous: PreviousImageStream,
  writers: SnapshotWriters,
  beforeClose: (counts: Manifest["counts"]) => void,
  keepChanges = 0,
  usage = false,
): Promise<Written> {
  try {
    const { imagesParquet, imagesNdjson, imagesCsv } = writers;
    // With usage on, the CSV has a `usage` column (JSON, like `properties`).
    const csvColumnsOfImages = csvColumns(null, usage);
    await imagesCsv.write(csvHeader(csvColumnsOfImages));

    const counts = newCounts();
    const changes = { added: 0, removed: 0, changed: 0 };
    const firstChanges: ChangedImage[] = [];
    const writeChange = async (change: Change, image: Image | PreviousImage) => {
      changes[change.change]++;
      if (firstChanges.length < keepChanges) firstChanges.push({ change, image });
      await writeChangeRow(writers, change);
    };

    const diff = new StreamDiff(previous);
    let last: Image | null = null;
    let duplicates = 0;
    for await (const { image, line } of images) {
      if (last !== null && compareIdThenRegion(last, image) === 0) {
        duplicates++; // listed twice (by upstream paging, or through two projects): keep the first
        continue;
      }
      last = image;
      // Most calls only buffer and return undefined: awaiting only a promise saves a microtask
      // per image per object (millions per export).
      const flushedParquet = imagesParquet.writeRow(image);
      if (flushedParquet !== undefined) await flushedParquet;
      const flushedNdjson = imagesNdjson.writeRecord(line);
      if (flushedNdjson !== undefined) await flushedNdjson;
      const flushedCsv = imagesCsv.writeRecord(csvRow(image, csvColumnsOfImages));
      if (flushedCsv !== undefined) await flushedCsv;
      count(counts, image);
      for (const { change, image: about } of await diff.changesAt(image)) {
        await writeChange(change, about);
      }
    }
    for (const { change, image: about } of await diff.rest()) await writeChange(change, about);
    // Refused before any upload completes: a refused snapshot writes nothing.
    beforeClose(counts);
    const objects = await closeSnapshotWriters(writers);
    return { counts, changes, objects, duplicates, firstChanges };
  } finally {
    await previous.close();
  }
}
