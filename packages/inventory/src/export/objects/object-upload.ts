import { createHash } from "node:crypto";
import { Transform, type Writable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

/** How long {@link ObjectUpload.abort} waits for S3 to confirm the abort. */
const ABORT_WAIT_MS = 30_000;

export interface ObjectWriterOptions {
  /** Multipart part size (S3's minimum, 5 MiB, keeps memory lowest). */
  readonly partSize?: number;
  /** Parts in flight at once. */
  readonly queueSize?: number;
  /** Rows per Parquet row group (each is encoded and uploaded as it fills). */
  readonly parquetRowGroupRows?: number;
  /** Told of every chunk of bytes stored, as it goes into the upload (progress). */
  readonly onStored?: ((bytes: number) => void) | undefined;
}

/** What the manifest says about one stored object. */
export interface StoredObject {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * One S3 object written as a stream of bytes with a multipart upload (`@aws-sdk/lib-storage`),
 * counting and hashing the bytes as stored on the way.
 *
 * Memory is bounded by the upload's queue (`queueSize × partSize`) whatever the object's size:
 * {@link sink} applies back-pressure until the upload drains. Nothing becomes visible under the
 * key until {@link end} completes the upload; {@link abort} cancels it and its parts.
 */
export class ObjectUpload {
  readonly #hash = createHash("sha256");
  #bytes = 0;
  #failure: unknown = null;
  /** The stored bytes go in here (pipe to it, or {@link write}). */
  readonly sink: Transform;
  readonly #done: Promise<unknown>;

  constructor(
    s3: S3Client,
    readonly bucket: string,
    readonly key: string,
    contentType: string,
    options: ObjectWriterOptions = {},
  ) {
    this.sink = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.#hash.update(chunk);
        this.#bytes += chunk.length;
        options.onStored?.(chunk.length);
        callback(null, chunk);
      },
    });
    const upload = new Upload({
      client: s3,
      params: { Bucket: bucket, Key: key, Body: this.sink, ContentType: contentType },
      partSize: options.partSize ?? 5 * 1024 * 1024,
      queueSize: options.queueSize ?? 2,
      leavePartsOnError: false,
    });
    this.#done = upload.done().catch((error: unknown) => {
      this.#failure = error;
      throw error;
    });
    // Observed here so a failure before end() is never an unhandled rejection.
    this.#done.catch(() => {});
  }

  /** The upload's error once it failed, else null. */
  get failure(): unknown {
    return this.#failure;
  }

  /** Writes bytes to the upload (see {@link feed}). */
  write(chunk: Uint8Array): Promise<void> {
    return this.feed(this.sink, chunk);
  }

  /**
   * Writes to `stream` — the sink, or a stream piped into it (gzip) — and resolves at once
   * unless it is full, then when it has drained; throws the upload's error if it failed before
   * or meanwhile (a failed upload never drains).
   */
  async feed(stream: Writable, chunk: string | Uint8Array): Promise<void> {
    if (this.#failure !== null) throw this.#failure;
    if (stream.write(chunk)) return;
    await Promise.race([
      new Promise((resolve) => stream.once("drain", resolve)),
      this.#done.catch(() => undefined),
    ]);
    if (this.#failure !== null) throw this.#failure;
  }

  /** Completes the upload (the sink must have ended) and says what was stored. */
  async end(): Promise<StoredObject> {
    if (this.sink.writableEnded === false) this.sink.end();
    await this.#done;
    return { bytes: this.#bytes, sha256: this.#hash.digest("hex") };
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
    this.sink.destroy(new Error("export aborted"));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((resolve) => {
      timer = setTimeout(resolve, ABORT_WAIT_MS);
    });
    await Promise.race([this.#done.catch(() => undefined), deadline]);
    clearTimeout(timer);
  }
}
