// The Parquet objects against DESIGN.md: column names and types as DuckDB reads them, UTC
// millisecond timestamps, Snappy row groups written as the rows stream, and every value read
// back by a second, independent reader (hyparquet) equal to the Images that were listed.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareIdThenRegion, type Image } from "@nhn-images/core";
import type { SimulatorImage } from "@nhn-images/simulator";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, duckRows, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

const DAY1 = "2026-11-10";
const DAY2 = "2026-11-11";
const ROW_GROUP_ROWS = 100;

let h: Harness;
let directory: string;
/** What the simulator listed on each day, as the export saw it. */
const listed: Record<string, Image[]> = {};

/** Images with every edge a column has: no size, no format, no owner, no tags, odd text. */
const day1: SimulatorImage[] = listedImages(41, 450).map((image, i) => {
  if (i === 0) return { ...image, size: null, diskFormat: null, name: "" };
  if (i === 1) return { ...image, tags: [], properties: {} };
  if (i === 2)
    return { ...image, name: '우분투 "20.04", 한국어\n2줄', properties: { 키: "값 🙂" } };
  return image;
});
// Day 2: one change of each value kind, so `fields` renders strings, numbers, booleans, maps,
// lists and null (DESIGN.md: text, JSON for the rest, null as null).
const day2: SimulatorImage[] = day1.map((image, i) => {
  if (i === 3) return { ...image, size: (image.size ?? 0) + 1, protected: !image.protected };
  if (i === 4) return { ...image, tags: [...image.tags, "zz-new"], properties: { a: "1" } };
  if (i === 5) return { ...image, diskFormat: null, status: "deactivated" };
  return image;
});

async function run(date: string) {
  listed[date] = h.sim.listable({ api: "v2" }).sort(compareIdThenRegion);
  await h.handler({
    apiVersion: "v2",
    now: at(`${date}T16:00:00Z`),
    writerOptions: { parquetRowGroupRows: ROW_GROUP_ROWS },
  })({ date });
}

beforeAll(async () => {
  h = await startHarness();
  directory = await mkdtemp(join(tmpdir(), "nhn-images-parquet-"));
  h.sim.setImages(day1);
  await run(DAY1);
  h.sim.setImages(day2);
  await run(DAY2);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function file(kind: "images" | "changes", date: string): Promise<string> {
  const path = join(directory, `${kind}-${date}.parquet`);
  await writeFile(path, await h.bytes(`${PREFIX}parquet/${kind}/dt=${date}/${kind}.parquet`));
  return path;
}

async function hyparquetRows(path: string) {
  const bytes = await h.bytes(path);
  const buffer = new Uint8Array(bytes).buffer; // a copy: an ArrayBuffer of its own
  return { rows: await parquetReadObjects({ file: buffer }), metadata: parquetMetadata(buffer) };
}

const listedOn = (date: string): Image[] => listed[date] ?? [];

describe("images.parquet", () => {
  it("has DESIGN.md's columns and types", async () => {
    const columns = await duckRows(`DESCRIBE SELECT * FROM '${await file("images", DAY1)}'`);
    expect(columns.map((c) => [c.column_name, c.column_type])).toEqual([
      ["id", "VARCHAR"],
      ["region", "VARCHAR"],
      ["name", "VARCHAR"],
      ["status", "VARCHAR"],
      ["disk_format", "VARCHAR"],
      ["visibility", "VARCHAR"],
      ["is_public", "BOOLEAN"],
      ["protected", "BOOLEAN"],
      ["min_disk", "INTEGER"],
      ["min_ram", "INTEGER"],
      ["size", "BIGINT"],
      ["created_at", "TIMESTAMP WITH TIME ZONE"],
      ["updated_at", "TIMESTAMP WITH TIME ZONE"],
      ["owner", "VARCHAR"],
      ["tags", "VARCHAR[]"],
      ["properties", "MAP(VARCHAR, VARCHAR)"],
      ["hidden", "BOOLEAN"],
      ["family", "VARCHAR"],
      [
        "usage",
        "STRUCT(verdict VARCHAR, reason VARCHAR, servers VARCHAR[], node_groups VARCHAR[], evidence STRUCT(by_image_ref INTEGER, by_boot_volume INTEGER, by_node_group INTEGER), unattributed_servers INTEGER)",
      ],
    ]);
    const timestamps = await duckRows(
      `SELECT name, type, logical_type FROM parquet_schema('${await file("images", DAY1)}') WHERE name IN ('created_at', 'updated_at')`,
    );
    expect(timestamps).toHaveLength(2);
    for (const column of timestamps) {
      expect(column.type).toBe("INT64");
      expect(column.logical_type).toMatch(
        /TimestampType\(isAdjustedToUTC=1, unit=TimeUnit\(MILLIS/,
      );
    }
  });

  it("is written in row groups as the rows stream, Snappy-compressed", async () => {
    const { metadata } = await hyparquetRows(`${PREFIX}parquet/images/dt=${DAY1}/images.parquet`);
    const rows = Number(metadata.num_rows);
    expect(rows).toBe(listedOn(DAY1).length);
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual(
      Array.from({ length: Math.ceil(rows / ROW_GROUP_ROWS) }, (_, i) =>
        Math.min(ROW_GROUP_ROWS, rows - i * ROW_GROUP_ROWS),
      ),
    );
    const codecs = new Set(
      metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)),
    );
    expect([...codecs]).toEqual(["SNAPPY"]);
  });

  it("holds every listed Image, value for value, read back by a second reader", async () => {
    const { rows } = await hyparquetRows(`${PREFIX}parquet/images/dt=${DAY1}/images.parquet`);
    expect(rows).toEqual(
      listedOn(DAY1).map((image) => ({
        id: image.id,
        region: image.region,
        name: image.name,
        status: image.status,
        disk_format: image.diskFormat,
        visibility: image.visibility,
        is_public: image.isPublic,
        protected: image.protected,
        min_disk: image.minDisk,
        min_ram: image.minRam,
        size: image.size === null ? null : BigInt(image.size),
        created_at: new Date(image.createdAt),
        updated_at: new Date(image.updatedAt),
        owner: image.owner,
        tags: image.tags,
        properties: image.properties,
        hidden: image.hidden,
        family: image.family,
      })),
    );
  });
});

describe("changes.parquet", () => {
  it("has DESIGN.md's columns and types", async () => {
    const columns = await duckRows(`DESCRIBE SELECT * FROM '${await file("changes", DAY2)}'`);
    expect(columns.map((c) => [c.column_name, c.column_type])).toEqual([
      ["change", "VARCHAR"],
      ["id", "VARCHAR"],
      ["region", "VARCHAR"],
      ["name", "VARCHAR"],
      ["fields", 'MAP(VARCHAR, STRUCT("from" VARCHAR, "to" VARCHAR))'],
    ]);
  });

  it("renders every changed value as text: strings as they are, the rest as JSON, null as null", async () => {
    const { rows } = await hyparquetRows(`${PREFIX}parquet/changes/dt=${DAY2}/changes.parquet`);
    const [before, after] = [listedOn(DAY1), listedOn(DAY2)];
    const byId = (images: Image[], id: string) => images.find((i) => i.id === id) as Image;
    const expected = [3, 4, 5]
      .map((i) => (day1[i] as SimulatorImage).id)
      .sort()
      .map((id) => {
        const [old, now] = [byId(before, id), byId(after, id)];
        const fields: Record<string, { from: string | null; to: string | null }> = {};
        for (const field of Object.keys(now) as (keyof Image)[]) {
          const [from, to] = [old[field], now[field]];
          if (JSON.stringify(from) === JSON.stringify(to)) continue;
          const text = (v: unknown) =>
            v === null ? null : typeof v === "string" ? v : JSON.stringify(v);
          fields[field] = { from: text(from), to: text(to) };
        }
        return { change: "changed", id, region: now.region, name: now.name, fields };
      });
    expect(rows).toEqual(expected);
    // One of each kind: a number, a boolean, a list, a map and a null went through.
    const values = rows.flatMap((row) =>
      Object.values(row.fields as Record<string, { from: unknown; to: unknown }>),
    );
    expect(values.some((v) => v.to === null)).toBe(true);
    expect(values.some((v) => v.to === "true" || v.to === "false")).toBe(true);
    expect(values.some((v) => String(v.to).startsWith("["))).toBe(true);
    expect(values.some((v) => String(v.to).startsWith("{"))).toBe(true);
  });

  it("is a readable file with no rows when nothing changed", async () => {
    await run("2026-11-12");
    const path = join(directory, "empty.parquet");
    await writeFile(path, await h.bytes(`${PREFIX}parquet/changes/dt=2026-11-12/changes.parquet`));
    expect(await duckRows(`SELECT count(*) AS n FROM '${path}'`)).toEqual([{ n: "0" }]);
    expect(await duckRows(`DESCRIBE SELECT * FROM '${path}'`)).toHaveLength(5);
  });
});
