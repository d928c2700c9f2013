// The README's Athena queries, run unchanged on a real SQL engine (DuckDB) over the Parquet and
// the NDJSON a two-day export wrote into s3rver, each answer compared with the one computed from
// the simulator's Images of those days.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { compareIdThenRegion, type Image, type Region } from "@nhn-images/core";
import type { Change } from "@nhn-images/inventory/export";
import {
  ATHENA_TABLES_ON_DUCKDB,
  expectedVerdicts,
  readmeAthenaQueries,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

const WEEK_BEFORE = "2026-11-20";
const SNAPSHOT = "2026-11-27";
const REGIONS: Region[] = ["KR1", "JP1"];

let h: Harness;
let directory: string;
let db: DuckDBInstance;
/** The Images each day listed, sorted by id then region, as the simulator holds them. */
const listed: Record<string, Image[]> = {};
/** Each day's usage verdicts (the export runs with NHN_USAGE=true), keyed `${region} ${id}`. */
const verdicts: Record<string, Map<string, string>> = {};

beforeAll(async () => {
  h = await startHarness({ images: 3000, seed: 12 });
  const days: [string, number][] = [
    [WEEK_BEFORE, 0],
    [SNAPSHOT, 7],
  ];
  for (const [date, day] of days) {
    h.sim.setDay(day);
    listed[date] = REGIONS.flatMap((region) => h.sim.listable({ api: "v2", region })).sort(
      compareIdThenRegion,
    );
    verdicts[date] = expectedVerdicts(listed[date] ?? [], (region) =>
      h.sim.estate(region as Region),
    );
    await h.handler({
      apiVersion: "v2",
      env: { NHN_REGION: REGIONS.join(","), NHN_USAGE: "true" },
      now: at(`${date}T16:00:00Z`),
      writerOptions: { parquetRowGroupRows: 1000 },
    })({ date });
  }
  // The objects as a table location holds them: a directory per key.
  directory = await mkdtemp(join(tmpdir(), "nhn-images-athena-"));
  for (const key of await h.keys()) {
    const file = join(directory, key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, await h.bytes(key));
  }
  db = await DuckDBInstance.create(":memory:");
}, 120_000);

afterAll(async () => {
  db?.closeSync();
  await h?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const root = () => join(directory, PREFIX);

async function connect(format: keyof typeof ATHENA_TABLES_ON_DUCKDB): Promise<DuckDBConnection> {
  const connection = await db.connect();
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(`DROP SCHEMA IF EXISTS nhn_images_prod CASCADE`);
  await connection.run(ATHENA_TABLES_ON_DUCKDB[format](root()));
  return connection;
}

/** DuckDB's JSON rows, with its timestamps (`2026-11-20 01:02:03.4+00`) as ISO strings. */
async function answer(connection: DuckDBConnection, sql: string) {
  const reader = await connection.runAndReadAll(sql);
  return reader
    .getRowObjectsJson()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          typeof value === "string" && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00$/.test(value)
            ? new Date(`${value.replace(" ", "T").replace("+00", "")}Z`).toISOString()
            : value,
        ]),
      ),
    );
}

// ---- What each README query must answer, computed from the Images ------------------------

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function statusCounts(): unknown[] {
  const counts = new Map<string, number>();
  for (const image of listed[SNAPSHOT] ?? []) {
    const key = `${image.region}\u0000${image.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, images]) => {
      const [region, status] = key.split("\u0000") as [string, string];
      return { region, status, images: String(images) };
    })
    .sort((a, b) => byText(a.region, b.region) || byText(a.status, b.status));
}

function untouchedPrivate(): unknown[] {
  const cutoff = Date.parse(`${SNAPSHOT}T00:00:00Z`) - 90 * 86_400_000;
  return biggestFirst(
    (listed[SNAPSHOT] ?? []).filter(
      (image) => image.visibility === "private" && Date.parse(image.updatedAt) < cutoff,
    ),
  ).map((image) => ({
    region: image.region,
    id: image.id,
    name: image.name,
    updated_at: image.updatedAt,
    size_gb: sizeGb(image),
  }));
}

/** `ORDER BY size DESC NULLS LAST, id, region`. */
function biggestFirst(images: readonly Image[]): Image[] {
  return [...images].sort(
    (a, b) => (b.size ?? -1) - (a.size ?? -1) || byText(a.id, b.id) || byText(a.region, b.region),
  );
}

/** `round(size / 1e9, 2)`. */
function sizeGb(image: Image): number | null {
  return image.size === null ? null : Math.round((image.size / 1e9) * 100) / 100;
}

/** The changes of the snapshot against the week before, as the export must have found them. */
function changesOfWeek(): Change[] {
  const before = new Map((listed[WEEK_BEFORE] ?? []).map((i) => [`${i.region}/${i.id}`, i]));
  const changes: Change[] = [];
  for (const image of listed[SNAPSHOT] ?? []) {
    const old = before.get(`${image.region}/${image.id}`);
    if (old === undefined) continue;
    const fields: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of Object.keys(image) as (keyof Image)[]) {
      // A family follows the name: never a changed field by itself (DESIGN.md).
      if (field === "family") continue;
      if (JSON.stringify(old[field]) !== JSON.stringify(image[field])) {
        fields[field] = { from: old[field], to: image[field] };
      }
    }
    // Usage changes when its verdict does, from one verdict to the other.
    const key = `${image.region} ${image.id}`;
    const [from, to] = [verdicts[WEEK_BEFORE]?.get(key), verdicts[SNAPSHOT]?.get(key)];
    if (from !== to) fields.usage = { from, to };
    if (Object.keys(fields).length > 0) {
      changes.push({
        change: "changed",
        id: image.id,
        region: image.region,
        name: image.name,
        fields,
      });
    }
  }
  return changes;
}

function changesByField(): unknown[] {
  const counts = new Map<string, number>();
  for (const change of changesOfWeek()) {
    for (const field of Object.keys(change.fields)) counts.set(field, (counts.get(field) ?? 0) + 1);
  }
  return [...counts]
    .map(([field, changes]) => ({ field, changes: String(changes) }))
    .sort((a, b) => Number(b.changes) - Number(a.changes) || byText(a.field, b.field));
}

function statusTransitions(): unknown[] {
  return changesOfWeek()
    .filter((change) => change.fields.status !== undefined)
    .map((change) => ({
      dt: SNAPSHOT,
      region: change.region,
      id: change.id,
      name: change.name,
      status_before: change.fields.status?.from,
      status_after: change.fields.status?.to,
    }))
    .sort((a, b) => byText(a.id, b.id) || byText(a.region, b.region));
}

function newlyOffered(): unknown[] {
  const offered = (image: Image) => image.tags.includes("_AVAILABLE_");
  const before = new Set(
    (listed[WEEK_BEFORE] ?? []).filter(offered).map((i) => `${i.region}/${i.id}`),
  );
  return (listed[SNAPSHOT] ?? [])
    .filter((image) => offered(image) && !before.has(`${image.region}/${image.id}`))
    .sort((a, b) => byText(a.region, b.region) || byText(a.id, b.id))
    .map((image) => ({ region: image.region, id: image.id, name: image.name }));
}

function newestPublicReleases(): unknown[] {
  const newest = new Map<string, Image>();
  for (const image of listed[SNAPSHOT] ?? []) {
    if (image.visibility !== "public" || image.status !== "active" || image.hidden) continue;
    const key = `${image.region}\u0000${image.family}`;
    const held = newest.get(key);
    if (held === undefined || image.createdAt > held.createdAt) newest.set(key, image);
    else if (image.createdAt === held.createdAt && image.id < held.id) newest.set(key, image);
  }
  return [...newest.values()]
    .sort((a, b) => byText(a.family, b.family) || byText(a.region, b.region))
    .map((image) => ({
      region: image.region,
      family: image.family,
      id: image.id,
      name: image.name,
      created_at: image.createdAt,
    }));
}

function unusedPrivate(): unknown[] {
  return biggestFirst(
    (listed[SNAPSHOT] ?? []).filter(
      (image) =>
        image.visibility === "private" &&
        verdicts[SNAPSHOT]?.get(`${image.region} ${image.id}`) === "unused",
    ),
  ).map((image) => ({
    region: image.region,
    id: image.id,
    name: image.name,
    size_gb: sizeGb(image),
    evidence: `no server, boot volume or NKS node group in ${image.region} refers to it`,
  }));
}

/** Each README query, by its first comment line, and the answer it must give. */
const EXPECTED: Record<string, () => unknown[]> = {
  "How many images each region holds, by status": statusCounts,
  "Private images nobody has updated in the 90 days before the snapshot, biggest first":
    untouchedPrivate,
  "What changed in the week to 2026-11-27, by field": changesByField,
  "Images whose status changed in the week to 2026-11-27, from what to what": statusTransitions,
  "Images NHN's console offers now (tag _AVAILABLE_) that it did not offer a week before":
    newlyOffered,
  "The newest release of each public family, per region (what GET /images/latest answers)":
    newestPublicReleases,
  "Private images nothing uses (usage verdict unused, NHN_USAGE=true), biggest first":
    unusedPrivate,
};

describe("the README's Athena queries on DuckDB", async () => {
  const queries = readmeAthenaQueries(
    await readFile(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8"),
  );

  it("are the queries this test knows the answers of", () => {
    expect(queries.map((q) => q.title).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(["parquet", "ndjson"] as const)("over the %s objects", (format) => {
    it.each(queries.map((q) => [q.title, q.sql]))("%s", async (title, sql) => {
      const expected = (EXPECTED[title] as () => unknown[])();
      // A query that answers nothing proves little: the simulated week must give it rows.
      expect(expected.length).toBeGreaterThan(0);
      const connection = await connect(format);
      try {
        expect(await answer(connection, sql)).toEqual(expected);
      } finally {
        connection.closeSync();
      }
    });
  });
});
