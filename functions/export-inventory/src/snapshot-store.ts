import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { PreviousImage } from "./diff.ts";
import type { InventoryLayout } from "./layout.ts";
import { readLines } from "./lines.ts";
import { Latest, type Manifest } from "./manifest.ts";

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
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.layout.manifestsPrefix,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      for (const object of page.Contents ?? []) {
        const found = object.Key === undefined ? null : this.layout.dateOfManifestKey(object.Key);
        if (found !== null && found < date && (best === null || found > best)) best = found;
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return best;
  }

  /**
   * The images of the snapshot of `date`, in its (id, region) order, read as a stream. A line of
   * a first-version snapshot has no `region`.
   */
  async *images(
    date: string,
  ): AsyncGenerator<Omit<PreviousImage, "region"> & { region?: PreviousImage["region"] }> {
    const response = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.layout.imagesNdjson(date) }),
    );
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

  /** The manifest of `date` as stored (any schema version), or null when there is none. */
  async readManifest(date: string): Promise<unknown> {
    const text = await this.#readText(this.layout.manifest(date));
    return text === null ? null : JSON.parse(text);
  }

  async readLatest(): Promise<Latest | null> {
    const text = await this.#readText(this.layout.latest);
    if (text === null) return null;
    const parsed = Latest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  }

  async hasManifest(date: string): Promise<boolean> {
    try {
      await this.s3.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.layout.manifest(date) }),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async writeManifest(manifest: Manifest): Promise<string> {
    const key = this.layout.manifest(manifest.snapshotDate);
    await this.#putJson(key, manifest);
    return key;
  }

  async deleteManifest(date: string): Promise<void> {
    await this.s3.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.layout.manifest(date) }),
    );
  }

  async writeLatest(latest: Latest): Promise<void> {
    await this.#putJson(this.layout.latest, latest);
  }

  async #putJson(key: string, value: unknown): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: `${JSON.stringify(value, null, 2)}\n`,
        ContentType: "application/json",
      }),
    );
  }

  async #readText(key: string): Promise<string | null> {
    try {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await response.Body?.transformToString("utf8")) ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof NoSuchKey) return true;
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
}
