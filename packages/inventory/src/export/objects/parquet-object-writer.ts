import type { S3Client } from "@aws-sdk/client-s3";
import type { SchemaElement } from "hyparquet";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { ObjectSummary } from "../../layout/manifest.ts";
import { ObjectUpload, type ObjectWriterOptions } from "./object-upload.ts";

/** Rows per row group unless told: a few MB of values before encoding; measured against 5k and 50k (peak RSS, time). */
const DEFAULT_ROW_GROUP_ROWS = 10_000;

/** One column of a Parquet table: its name in the schema and how a row gives its value. */
export interface ParquetColumn<Row> {
  readonly name: string;
  readonly value: (row: Row) => unknown;
  /**
   * Whether row groups carry this column's min/max (engines skip row groups with them). Worth
   * it where values cluster by row group (ids, sorted) or are compared by range (sizes, times);
   * computing them for free text, lists and maps cost a fifth of the encoding and prunes nothing.
   */
  readonly statistics?: boolean;
}

/** A Parquet table: its schema (root first, as Parquet's footer lists it) and its columns. */
export interface ParquetTable<Row> {
  readonly schema: readonly SchemaElement[];
  readonly columns: readonly ParquetColumn<Row>[];
}

/**
 * Bytes `hyparquet-writer` encodes, handed to the upload after each row group (the library
 * calls `flush` then) and at the end: at most one row group's bytes are held.
 */
class UploadByteWriter extends ByteWriter {
  constructor(private readonly upload: ObjectUpload) {
    super(1024 * 1024);
  }

  flush(): Promise<void> {
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.upload.write(chunk);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * Writes rows as they stream into one Parquet object (`hyparquet-writer`): rows are gathered
 * column by column until a row group is full, then encoded (Snappy) and uploaded while the
 * next group fills. The footer is written by {@link close}.
 */
export class ParquetObjectWriter<Row> {
  readonly #upload: ObjectUpload;
  readonly #writer: ParquetWriter;
  readonly #groupRows: number;
  #columns: unknown[][];
  #records = 0;

  constructor(
    s3: S3Client,
    bucket: string,
    readonly key: string,
    private readonly table: ParquetTable<Row>,
    options: ObjectWriterOptions = {},
  ) {
    this.#upload = new ObjectUpload(s3, bucket, key, "application/vnd.apache.parquet", options);
    this.#groupRows = options.parquetRowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    this.#writer = new ParquetWriter({
      writer: new UploadByteWriter(this.#upload),
      schema: [...table.schema],
      codec: "SNAPPY",
      createdBy: "nhn-images",
    });
    this.#columns = table.columns.map(() => []);
  }

  /** Appends one row; returns a promise only when a row group was written and must be awaited. */
  writeRow(row: Row): Promise<void> | undefined {
    const { columns } = this.table;
    for (let i = 0; i < columns.length; i++) {
      (this.#columns[i] as unknown[]).push((columns[i] as ParquetColumn<Row>).value(row));
    }
    this.#records++;
    return (this.#columns[0] as unknown[]).length >= this.#groupRows
      ? this.#writeGroup()
      : undefined;
  }

  /** Writes the last row group and the footer, and waits until S3 has the object. */
  async close(): Promise<ObjectSummary> {
    await this.#writeGroup();
    await this.#writer.finish();
    const stored = await this.#upload.end();
    return { key: this.key, records: this.#records, ...stored };
  }

  /** Cancels the object's upload (see {@link ObjectUpload.abort}). Never throws. */
  async abort(): Promise<void> {
    this.#columns = this.table.columns.map(() => []);
    await this.#upload.abort();
  }

  async #writeGroup(): Promise<void> {
    const rows = (this.#columns[0] as unknown[]).length;
    if (rows === 0) return;
    const columnData = this.table.columns.map((column, i) => ({
      name: column.name,
      data: this.#columns[i] as unknown[],
      statistics: column.statistics ?? false,
    }));
    this.#columns = this.table.columns.map(() => []);
    await this.#writer.write({ columnData: columnData as never, rowGroupSize: rows });
  }
}
