import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  ATHENA_TABLES_ON_DUCKDB,
  readmeAthenaQueries,
  s3rverClient,
} from "@nhn-images/test-support";

const README = fileURLToPath(new URL("../README.md", import.meta.url));
const STATUS_QUERY = "How many images each region holds, by status";

/**
 * What the Parquet object buys over the NDJSON one, on a snapshot the export wrote: the bytes of
 * `images.parquet` vs `images.ndjson.gz`, and DuckDB's time for the README's status query over
 * each (the README's SQL, its date replaced by the snapshot's; best of 3, warm).
 */
export async function benchParquetVsNdjson(
  s3: { url: string },
  bucket: string,
  prefix: string,
  date: string,
  images: number,
) {
  const client = s3rverClient(s3.url);
  const directory = await mkdtemp(join(tmpdir(), "nhn-images-bench-formats-"));
  const db = await DuckDBInstance.create(":memory:");
  try {
    const bytes: Record<string, number> = {};
    // The images of each format, and the changes too: each table stand-in reads its own prefix.
    for (const [name, key] of [
      ["parquet", `${prefix}parquet/images/dt=${date}/images.parquet`],
      ["ndjson", `${prefix}ndjson/images/dt=${date}/images.ndjson.gz`],
      ["parquet changes", `${prefix}parquet/changes/dt=${date}/changes.parquet`],
      ["ndjson changes", `${prefix}ndjson/changes/dt=${date}/changes.ndjson.gz`],
    ] as const) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
      bytes[name] = body.length;
      const file = join(directory, key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, body);
    }
    const query = readmeAthenaQueries(await readFile(README, "utf8")).find(
      (q) => q.title === STATUS_QUERY,
    );
    if (query === undefined) throw new Error(`README has no query "${STATUS_QUERY}"`);
    const sql = query.sql.replaceAll("2026-11-27", date);
    const timings: Record<string, number> = {};
    for (const format of ["parquet", "ndjson"] as const) {
      const connection = await db.connect();
      await connection.run("DROP SCHEMA IF EXISTS nhn_images_prod CASCADE");
      await connection.run(ATHENA_TABLES_ON_DUCKDB[format](join(directory, prefix)));
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson();
        best = Math.min(best, performance.now() - started);
        if (rows.length === 0) throw new Error(`the status query over ${format} answered nothing`);
      }
      timings[format] = best;
      connection.closeSync();
    }
    const label = `${images.toLocaleString("en")} images`;
    const row = (what: string, figures: Record<string, number>) => ({
      case: `${what}, ${label}`,
      size: images,
      measured: figures.parquet as number,
      baseline: figures.ndjson as number,
      ratio: (figures.parquet as number) / (figures.ndjson as number),
      target: "—",
      pass: true,
    });
    return [
      row("images.parquet vs images.ndjson.gz, bytes", bytes),
      row("DuckDB, README status query, Parquet vs NDJSON (ms)", timings),
    ];
  } finally {
    db.closeSync();
    client.destroy();
    await rm(directory, { recursive: true, force: true });
  }
}
