import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { createGzip } from "node:zlib";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { ObjectSummary } from "./manifest.ts";

/** How long {@link GzipObjectWriter.abort} waits for S3 to confirm the abort. */
const ABORT_WAIT_MS = 30_000;

/** Text is handed to gzip in chunks of about this size, not line by line. */
const FLUSH_BYTES = 64 * 1024;

export interface ObjectWriterOptions {
  /** Multipart part size (S3's minimum, 5 MiB, keeps memory lowest). */
  readonly partSize?: number;
  /** Parts in flight at once. */
  readonly queueSize?: number;
}

/**
 * Streams text through gzip into one S3 object with a multipart upload (`@aws-sdk/lib-storage`),
 * counting records and stored bytes and hashing the stored bytes on the way.
 *
 * Memory is bounded by the upload's queue (`queueSize × partSize`) whatever the object's size:
 * writes wait for gzip and the upload to drain. Nothing becomes visible under the key until the
 * upload completes in {@link close}; {@link abort} cancels it and its parts.
 */
export class GzipObjectWriter {
  readonly #gzip = createGzip({ level: 1 });
  readonly #body = new PassThrough();
  readonly #hash = createHash("sha256");
  readonly #upload: Upload;
  readonly #done: Promise<unknown>;
  #failure: unknown = null;
  #pending = "";
  #records = 0;
  #bytes = 0;

  constructor(
    s3: S3Client,
    readonly bucket: string,
    readonly key: string,
    contentType: string,
    options: ObjectWriterOptions = {},
  ) {
    const body = this.#body;
    this.#gzip.on("data", (chunk: Buffer) => {
      this.#hash.update(chunk);
      this.#bytes += chunk.length;
    });
    this.#gzip.pipe(body);
    this.#upload = new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
      partSize: options.partSize ?? 5 * 1024 * 1024,
      queueSize: options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    this.#done = this.#upload.done().catch((error: unknown) => {
      this.#failure = error;
      throw error;
    });
    // Observed here so a failure before close() is never an unhandled rejection.
    this.#done.catch(() => {});
  }

  /**
   * Appends one record (a CSV row or an NDJSON line, newline included). Returns a promise only
   * when the text was handed on and the caller must wait for gzip to drain; most calls only
   * buffer, and skipping their `await` saves a microtask per record (millions per export).
   */
  writeRecord(text: string): Promise<void> | undefined {
    this.#records++;
    return this.write(text);
  }

  /** Appends text that is not a record (the CSV header). */
  write(text: string): Promise<void> | undefined {
    this.#pending += text;
    return this.#pending.length >= FLUSH_BYTES ? this.#flush() : undefined;
  }

  /** Finishes the object and waits until S3 has it. */
  async close(): Promise<ObjectSummary> {
    await this.#flush();
    const gzipEnded = new Promise<void>((resolve, reject) => {
      this.#gzip.once("end", resolve);
      this.#gzip.once("error", reject);
    });
    this.#gzip.end();
    await Promise.all([gzipEnded, this.#done]);
    return {
      key: this.key,
      records: this.#records,
      bytes: this.#bytes,
      sha256: this.#hash.digest("hex"),
    };
  }

  /**
   * Cancels the upload and waits until its multipart upload (if one was started) is aborted,
   * so no parts are left behind. Never throws; a completed upload stays as it is.
   *
   * The body is failed rather than `Upload.abort()` called: `abort()` settles `done()` at once
   * and leaves the AbortMultipartUpload request to a background task that waits for a body
   * that never ends; a failed body makes lib-storage abort the multipart upload before `done()`
   * settles.
   */
  async abort(): Promise<void> {
    const reason = new Error("export aborted");
    this.#gzip.unpipe(this.#body);
    this.#gzip.destroy();
    this.#body.destroy(reason);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((resolve) => {
      timer = setTimeout(resolve, ABORT_WAIT_MS);
    });
    await Promise.race([this.#done.catch(() => undefined), deadline]);
    clearTimeout(timer);
  }

  async #flush(): Promise<void> {
    if (this.#failure !== null) throw this.#failure;
    if (this.#pending === "") return;
    const chunk = this.#pending;
    this.#pending = "";
    if (this.#gzip.write(chunk)) return;
    // Wait for gzip (and so the upload) to drain, or for the upload to fail.
    await Promise.race([new Promise((resolve) => this.#gzip.once("drain", resolve)), this.#done]);
    if (this.#failure !== null) throw this.#failure;
  }
}
