import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { PreviousImage } from "../diff/image-diff.ts";
import type { InventoryLayout } from "../layout/layout.ts";
import { Latest, type Manifest } from "../layout/manifest.ts";
import { readLines } from "../reader/read-lines.ts";
import { isObjectMissing, listObjects, readObjectText } from "../store/store-objects.ts";

/** Reads and writes the small objects of the inventory: manifests and `latest.json`. */
export class SnapshotStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    readonly layout: InventoryLayout,
  ) {}

  /** The newest snapshot date before `date` (a date with a manifest), or null. */
  async previousSnapshotDate(date: string): Promise<string | null> {
    let best: string | null = null;
    for (const found of await this.snapshotDates()) {
      if (found < date && (best === null || found > best)) best = found;
    }
    return best;
  }

  /** The newest date with a manifest, or null when the inventory has none. */
  async newestSnapshotDate(): Promise<string | null> {
    let best: string | null = null;
    for (const found of await this.snapshotDates()) if (best === null || found > best) best = found;
    return best;
  }

  /** Every date that has a manifest. */
  async snapshotDates(): Promise<string[]> {
    const dates: string[] = [];
    for (const key of await this.keysUnder(this.layout.manifestsPrefix)) {
      const found = this.layout.dateOfManifestKey(key);
      if (found !== null) dates.push(found);
    }
    return dates;
  }

  /** Every key under `prefix`. */
  async keysUnder(prefix: string): Promise<string[]> {
    return (await listObjects(this.s3, this.bucket, prefix)).map((object) => object.key);
  }

  /**
   * The images of a snapshot's NDJSON object at `key`, in its (id, region) order, read as a
   * stream. A line of a first-version snapshot has no `region`.
   */
  async *images(
    key: string,
  ): AsyncGenerator<Omit<PreviousImage, "region"> & { region?: PreviousImage["region"] }> {
    const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = response.Body as Readable | undefined;
    if (body === undefined) return;
    const gunzip = body.pipe(createGunzip());
    try {
      for await (const line of readLines(gunzip)) yield JSON.parse(line) as PreviousImage;
    } finally {
      gunzip.destroy();
      body.destroy();
    }
  }

  /**
   * The manifest of `date` as stored (any schema version), or null when there is none.
   *
   * @throws {Error} naming the object when it is not JSON.
   */
  async readManifest(date: string): Promise<unknown> {
    const key = this.layout.manifest(date);
    const text = await this.#readText(key);
    if (text === null) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${key} is not JSON: the snapshot of ${date} cannot be read`);
    }
  }

  /**
   * `latest.json`, or null when there is none or it is not a pointer (not JSON, another shape):
   * it is derived data, so the run's {@link settleLatest} writes it again instead of failing.
   */
  async readLatest(): Promise<Latest | null> {
    const stored = await this.readJson(this.layout.latest);
    if (stored === null) return null;
    const parsed = Latest.safeParse(stored.value);
    return parsed.success ? parsed.data : null;
  }

  async hasManifest(date: string): Promise<boolean> {
    try {
      await this.s3.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.layout.manifest(date) }),
      );
      return true;
    } catch (error) {
      if (isObjectMissing(error)) return false;
      throw error;
    }
  }

  async writeManifest(manifest: Manifest): Promise<string> {
    const key = this.layout.manifest(manifest.snapshotDate);
    await this.putJson(key, manifest);
    return key;
  }

  async deleteManifest(date: string): Promise<void> {
    await this.delete(this.layout.manifest(date));
  }

  async writeLatest(latest: Latest): Promise<void> {
    await this.putJson(this.layout.latest, latest);
  }

  async deleteLatest(): Promise<void> {
    await this.delete(this.layout.latest);
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Copies `from` to `to` inside the bucket (server-side: the bytes, and so the sha256, stay). */
  async copy(from: string, to: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: copySourceOf(this.bucket, from),
      }),
    );
  }

  /**
   * Writes `value` as JSON. `ifNoneMatch: "*"` writes only if no object is there, `ifMatch`
   * only over the object with that ETag (S3 conditional writes): a refused write is a
   * {@link PreconditionFailed}. Returns the new object's ETag.
   */
  async putJson(
    key: string,
    value: unknown,
    condition: { ifNoneMatch?: "*"; ifMatch?: string } = {},
  ): Promise<string | null> {
    const conditional = condition.ifNoneMatch !== undefined || condition.ifMatch !== undefined;
    try {
      const response = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: `${JSON.stringify(value, null, 2)}\n`,
          ContentType: "application/json",
          ...(condition.ifNoneMatch === undefined ? {} : { IfNoneMatch: condition.ifNoneMatch }),
          ...(condition.ifMatch === undefined ? {} : { IfMatch: condition.ifMatch }),
        }),
      );
      return response.ETag ?? null;
    } catch (error) {
      if (isPreconditionFailed(error)) throw new PreconditionFailed(key);
      if (conditional && isNotImplemented(error)) throw new ConditionalWritesUnsupported(key);
      throw error;
    }
  }

  /** Writes `text` as it is (an NDJSON log). */
  async putText(key: string, text: string, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: contentType }),
    );
  }

  /** An object's text, or null when there is none. */
  async readText(key: string): Promise<string | null> {
    return this.#readText(key);
  }

  /** A JSON object and its ETag, or null when there is none. */
  async readJson(key: string): Promise<{ value: unknown; etag: string | null } | null> {
    const read = await readObjectText(this.s3, this.bucket, key);
    if (read === null) return null;
    let value: unknown = null;
    try {
      value = JSON.parse(read.text ?? "");
    } catch {
      // An unreadable object is reported as null content; callers decide what that means.
    }
    return { value, etag: read.etag };
  }

  async #readText(key: string): Promise<string | null> {
    return (await readObjectText(this.s3, this.bucket, key))?.text ?? null;
  }
}

/**
 * `x-amz-copy-source`: bucket and key, URL-encoded segment by segment. `=` (in every `dt=`
 * partition) is left as it is: S3 takes it either way, and s3rver decodes with `decodeURI`,
 * which would leave a `%3D` encoded.
 */
function copySourceOf(bucket: string, key: string): string {
  const encoded = key
    .split("/")
    .map((segment) => encodeURIComponent(segment).replaceAll("%3D", "="))
    .join("/");
  return `${bucket}/${encoded}`;
}

/** A conditional write was refused (HTTP 412): another writer got there first. */
export class PreconditionFailed extends Error {
  override readonly name = "PreconditionFailed";
  constructor(readonly key: string) {
    super(`The conditional write of ${key} was refused`);
  }
}

/**
 * The store refuses conditional writes (HTTP 501 `NotImplemented`): Swift's S3 layer before 2.36
 * answers every `If-None-Match`/`If-Match` PUT so ("Conditional object PUTs are not supported").
 */
export class ConditionalWritesUnsupported extends Error {
  override readonly name = "ConditionalWritesUnsupported";
  constructor(readonly key: string) {
    super(`The store refused a conditional write of ${key} as not implemented`);
  }
}

function isNotImplemented(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotImplemented" || e.$metadata?.httpStatusCode === 501;
}

function isPreconditionFailed(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "PreconditionFailed" || e.$metadata?.httpStatusCode === 412;
}
