import { createGzip } from "node:zlib";
import type { S3Client } from "@aws-sdk/client-s3";
import type { ObjectSummary } from "../../layout/manifest.ts";
import { ObjectUpload, type ObjectWriterOptions } from "./object-upload.ts";

/** Text is handed to gzip in chunks of about this size, not line by line. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Streams text (NDJSON lines, CSV rows) through gzip into one S3 object ({@link ObjectUpload}),
 * counting records. Writes wait for gzip and the upload to drain, so memory stays bounded.
 */
export class GzipTextWriter {
  readonly #gzip = createGzip({ level: 1 });
  readonly #upload: ObjectUpload;
  #pending = "";
  #records = 0;

  constructor(
    s3: S3Client,
    bucket: string,
    readonly key: string,
    contentType: string,
    options: ObjectWriterOptions = {},
  ) {
    this.#upload = new ObjectUpload(s3, bucket, key, contentType, options);
    this.#gzip.pipe(this.#upload.sink);
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
    await gzipEnded;
    const stored = await this.#upload.end();
    return { key: this.key, records: this.#records, ...stored };
  }

  /** Cancels the object's upload (see {@link ObjectUpload.abort}). Never throws. */
  async abort(): Promise<void> {
    this.#gzip.unpipe(this.#upload.sink);
    this.#gzip.destroy();
    await this.#upload.abort();
  }

  async #flush(): Promise<void> {
    if (this.#upload.failure !== null) throw this.#upload.failure;
    if (this.#pending === "") return;
    const chunk = this.#pending;
    this.#pending = "";
    // Waits for gzip (and so the upload) to drain, or for the upload to fail.
    await this.#upload.feed(this.#gzip, chunk);
  }
}
