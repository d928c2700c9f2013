import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { SnapshotUnreadableError } from "../inventory-errors.ts";
import type { ObjectSummary } from "../layout/manifest.ts";
import { isObjectMissing, storeError } from "../store/store-objects.ts";
import { readLines } from "./read-lines.ts";

/** Reads one gzip NDJSON object of a snapshot into rows ({@link streamSnapshotRows}). */
export async function readSnapshotRows<T>(
  s3: S3Client,
  bucket: string,
  snapshotDate: string,
  object: ObjectSummary,
  decode: (value: unknown) => T,
): Promise<T[]> {
  const rows: T[] = [];
  await streamSnapshotRows(s3, bucket, snapshotDate, object, decode, (row) => rows.push(row));
  return rows;
}

/**
 * Reads one gzip NDJSON object of a snapshot and checks it against its manifest entry as it
 * streams: never more bytes than the manifest says, then the same bytes, sha256 and rows. Each
 * line is parsed, handed to `decode`, which may throw to refuse it, and its row to `visit` as it
 * comes: nothing is kept, so memory does not grow with the object. A caller must not use what it
 * was handed before this resolves: only then is the object known to be whole and the manifest's.
 *
 * @throws {SnapshotUnreadableError} naming the snapshot and the object when it is missing,
 *   partial, corrupt or not what the manifest says: a wrong answer is never built from it.
 * @throws {InventoryReadError} when the store cannot be read at all.
 */
export async function streamSnapshotRows<T>(
  s3: S3Client,
  bucket: string,
  snapshotDate: string,
  object: ObjectSummary,
  decode: (value: unknown) => T,
  visit: (row: T) => void,
): Promise<void> {
  const unreadable = (reason: string) =>
    new SnapshotUnreadableError(snapshotDate, object.key, reason);
  // Loaded with the first object read: a process that never reads one (a cold list function
  // answering the live list) never loads either.
  const { GetObjectCommand } = await import("@aws-sdk/client-s3");
  const { createGunzip } = await import("node:zlib");
  let body: Readable;
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
    if (response.ContentLength !== undefined && response.ContentLength !== object.bytes) {
      (response.Body as Readable | undefined)?.destroy();
      throw unreadable(`has ${response.ContentLength} bytes; its manifest says ${object.bytes}`);
    }
    body = response.Body as Readable;
  } catch (error) {
    if (error instanceof SnapshotUnreadableError) throw error;
    if (isObjectMissing(error)) throw unreadable("is missing");
    throw storeError("GetObject", object.key, error);
  }
  const hash = createHash("sha256");
  let bytes = 0;
  body.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
    if (bytes > object.bytes)
      body.destroy(unreadable(`is longer than its manifest's ${object.bytes} bytes`));
  });
  const gunzip = body.pipe(createGunzip());
  body.once("error", (error) => gunzip.destroy(error));
  let rows = 0;
  try {
    for await (const line of readLines(gunzip)) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw unreadable(`holds a line that is not JSON at row ${rows + 1}`);
      }
      let row: T;
      try {
        row = decode(value);
      } catch (error) {
        throw unreadable(
          `holds a row it cannot be (${(error as Error).message}) at row ${rows + 1}`,
        );
      }
      rows++;
      visit(row);
    }
  } catch (error) {
    if (error instanceof SnapshotUnreadableError) throw error;
    if (isZlibError(error)) throw unreadable("is not whole gzip (partial or corrupt)");
    throw storeError("GetObject", object.key, error);
  } finally {
    gunzip.destroy();
    body.destroy();
  }
  if (bytes !== object.bytes)
    throw unreadable(`has ${bytes} bytes; its manifest says ${object.bytes}`);
  if (hash.digest("hex") !== object.sha256)
    throw unreadable("does not match its manifest's sha256");
  if (rows !== object.records) {
    throw unreadable(`holds ${rows} rows; its manifest says ${object.records}`);
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}
