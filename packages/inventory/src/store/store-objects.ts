import type { S3Client } from "@aws-sdk/client-s3";
import { InventoryReadError } from "../inventory-errors.ts";

// The few S3 requests both the export and the inventory reader make, written once. The S3
// client is imported on first use, as in createInventoryS3Client: a list function that never
// reads the inventory never loads it.

/** An object as a listing shows it. */
export interface ListedObject {
  readonly key: string;
  /** What tells one version of the object from another: its ETag, else its time and size. */
  readonly version: string;
}

/** Every object under `prefix`, following the listing's continuation tokens. */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<ListedObject[]> {
  const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
  const listed: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      const version =
        object.ETag ?? `${object.LastModified?.toISOString() ?? ""}/${object.Size ?? ""}`;
      listed.push({ key: object.Key, version });
    }
    if (page.IsTruncated === true && !page.NextContinuationToken) {
      // A store that says there is more but not where it goes on: stopping here would take a
      // part of the listing for all of it (a missing manifest, a wrong "previous" snapshot).
      throw new InventoryReadError(
        `The inventory could not be read: the listing of ${prefix} was cut off after ${listed.length} keys without a continuation token`,
      );
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return listed;
}

/**
 * A small object's text (null for an answer without a body) and ETag, or null when there is no
 * such object.
 */
export async function readObjectText(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ text: string | null; etag: string | null } | null> {
  const { GetObjectCommand } = await import("@aws-sdk/client-s3");
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await response.Body?.transformToString("utf8")) ?? null;
    return { text, etag: response.ETag ?? null };
  } catch (error) {
    if (isObjectMissing(error)) return null;
    throw error;
  }
}

/** Whether an S3 error says the object (or key) is not there. */
export function isObjectMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/** A store failure as an {@link InventoryReadError}: the request, the key and the error's name. */
export function storeError(request: string, key: string, error: unknown): InventoryReadError {
  const name = error instanceof Error ? error.name : "Error";
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
    ?.httpStatusCode;
  return new InventoryReadError(
    `The inventory could not be read: ${request} ${key} failed (${name}${status === undefined ? "" : `, HTTP ${status}`})`,
  );
}
