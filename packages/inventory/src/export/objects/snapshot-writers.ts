import type { S3Client } from "@aws-sdk/client-s3";
import { type Image, ndjsonLine } from "@nhn-images/core";
import type { Change } from "../../diff/image-diff.ts";
import { SNAPSHOT_OBJECT_NAMES } from "../../layout/layout.ts";
import type { ObjectSummary } from "../../layout/manifest.ts";
import type { ObjectKeys } from "../object-keys.ts";
import { CHANGES_PARQUET } from "./changes-parquet.ts";
import { GzipTextWriter } from "./gzip-text-writer.ts";
import { IMAGES_PARQUET } from "./images-parquet.ts";
import type { ObjectWriterOptions } from "./object-upload.ts";
import { ParquetObjectWriter } from "./parquet-object-writer.ts";

/** The writers of a snapshot's five objects, each streaming into its own multipart upload. */
export interface SnapshotWriters {
  readonly imagesParquet: ParquetObjectWriter<Image>;
  readonly changesParquet: ParquetObjectWriter<Change>;
  readonly imagesNdjson: GzipTextWriter;
  readonly changesNdjson: GzipTextWriter;
  readonly imagesCsv: GzipTextWriter;
}

/** The writers of a snapshot's two change objects: what a re-diff of a later snapshot writes. */
export type ChangeWriters = Pick<SnapshotWriters, "changesParquet" | "changesNdjson">;

export function openSnapshotWriters(
  s3: S3Client,
  bucket: string,
  keys: ObjectKeys,
  options: ObjectWriterOptions = {},
): SnapshotWriters {
  return {
    imagesParquet: new ParquetObjectWriter(s3, bucket, keys.imagesParquet, IMAGES_PARQUET, options),
    imagesNdjson: new GzipTextWriter(s3, bucket, keys.imagesNdjson, NDJSON, options),
    imagesCsv: new GzipTextWriter(s3, bucket, keys.imagesCsv, "text/csv", options),
    ...openChangeWriters(s3, bucket, keys, options),
  };
}

export function openChangeWriters(
  s3: S3Client,
  bucket: string,
  keys: Pick<ObjectKeys, "changesParquet" | "changesNdjson">,
  options: ObjectWriterOptions = {},
): ChangeWriters {
  return {
    changesParquet: new ParquetObjectWriter(
      s3,
      bucket,
      keys.changesParquet,
      CHANGES_PARQUET,
      options,
    ),
    changesNdjson: new GzipTextWriter(s3, bucket, keys.changesNdjson, NDJSON, options),
  };
}

/** One change row to both change objects. Most rows only buffer: only a flush is awaited. */
export async function writeChangeRow(writers: ChangeWriters, change: Change): Promise<void> {
  const flushedParquet = writers.changesParquet.writeRow(change);
  if (flushedParquet !== undefined) await flushedParquet;
  const flushedNdjson = writers.changesNdjson.writeRecord(ndjsonLine(change));
  if (flushedNdjson !== undefined) await flushedNdjson;
}

const NDJSON = "application/x-ndjson";

/** The five writers, in the manifest's order (the layout's). */
function each(
  writers: SnapshotWriters,
): { close(): Promise<ObjectSummary>; abort(): Promise<void> }[] {
  return SNAPSHOT_OBJECT_NAMES.map((name) => writers[name]);
}

/**
 * Closes every writer (the uploads complete), in the manifest's order; if any fails, throws its
 * error once all have settled (the run's failure path aborts what did not complete).
 */
export async function closeSnapshotWriters(writers: SnapshotWriters): Promise<ObjectSummary[]> {
  const results = await Promise.allSettled(each(writers).map((writer) => writer.close()));
  const summaries: ObjectSummary[] = [];
  let failure: unknown = null;
  for (const result of results) {
    if (result.status === "fulfilled") summaries.push(result.value);
    else failure ??= result.reason;
  }
  if (failure !== null) throw failure;
  return summaries;
}

/** Cancels every writer's upload; completed uploads stay. Never throws. */
export async function abortSnapshotWriters(writers: SnapshotWriters): Promise<void> {
  await Promise.all(each(writers).map((writer) => writer.abort()));
}
