import type { S3Client } from "@aws-sdk/client-s3";
import type { Image, ObjectSummary } from "../../index.ts";
import type { Change } from "../../inventory/image-diff.ts";
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

export function openSnapshotWriters(
  s3: S3Client,
  bucket: string,
  keys: ObjectKeys,
  options: ObjectWriterOptions = {},
): SnapshotWriters {
  const text = (key: string, type: string) => new GzipTextWriter(s3, bucket, key, type, options);
  return {
    imagesParquet: new ParquetObjectWriter(s3, bucket, keys.imagesParquet, IMAGES_PARQUET, options),
    changesParquet: new ParquetObjectWriter(
      s3,
      bucket,
      keys.changesParquet,
      CHANGES_PARQUET,
      options,
    ),
    imagesNdjson: text(keys.imagesNdjson, "application/x-ndjson"),
    changesNdjson: text(keys.changesNdjson, "application/x-ndjson"),
    imagesCsv: text(keys.imagesCsv, "text/csv"),
  };
}

/** The five writers, in the manifest's order. */
function each(writers: SnapshotWriters): (GzipTextWriter | ParquetObjectWriter<unknown>)[] {
  return Object.values(writers);
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
