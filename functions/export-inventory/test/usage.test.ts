import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Image } from "@nhn-images/core";
import type { Change } from "@nhn-images/inventory/export";
import { expectedVerdicts } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, duckRows, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

/*
 * The export with NHN_USAGE=true: usage in every format (NDJSON, CSV, a Parquet struct column
 * that DuckDB reads as Athena would), and the diff reporting a verdict that changed, over two days
 * of a simulated estate whose servers and node groups changed while the images did not.
 */

const DAY1 = "2026-11-01";
const DAY2 = "2026-11-02";
const images = listedImages(11, 120);

let h: Harness;
let directory = "";
const expected: Record<string, Map<string, string>> = {};

async function run(date: string, day: number) {
  h.sim.setDay(day);
  const listed = h.sim.listable({ api: "v2" });
  expected[date] = expectedVerdicts(listed, (region) => h.sim.estate(region as "KR1"));
  await h.handler({ apiVersion: "v2", env: { NHN_USAGE: "true" }, now: at(`${date}T16:00:00Z`) })({
    date,
  });
}

beforeAll(async () => {
  h = await startHarness();
  directory = await mkdtemp(join(tmpdir(), "nhn-images-usage-"));
  h.sim.setImages(images);
  await run(DAY1, 0);
  await run(DAY2, 1);
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const key = (image: { id: string; region: string }) => `${image.region} ${image.id}`;

describe("an export with usage", () => {
  it("writes each image's usage to NDJSON, its verdict the rule's", async () => {
    const lines = await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=${DAY2}/images.ndjson.gz`);
    expect(lines.length).toBe(expected[DAY2]?.size);
    for (const image of lines)
      expect(image.usage?.verdict, key(image)).toBe(expected[DAY2]?.get(key(image)));
    expect(lines.some((image) => image.usage?.verdict === "unused")).toBe(true);
  });

  it("writes it to Parquet as a struct column, read by DuckDB as Athena reads it", async () => {
    const path = join(directory, "images.parquet");
    await writeFile(path, await h.bytes(`${PREFIX}parquet/images/dt=${DAY2}/images.parquet`));
    const rows = await duckRows(
      `SELECT id, region, usage.verdict AS verdict, len(usage.servers) AS servers FROM '${path}'`,
    );
    expect(new Map(rows.map((row) => [`${row.region} ${row.id}`, row.verdict]))).toEqual(
      expected[DAY2],
    );
    const unused = await duckRows(
      `SELECT count(*) AS n FROM '${path}' WHERE usage.verdict = 'unused' AND visibility = 'private'`,
    );
    expect(Number(unused[0]?.n)).toBeGreaterThan(0);
  });

  it("writes it to CSV as a JSON column", async () => {
    const csv = gunzipSync(
      await h.bytes(`${PREFIX}csv/images/dt=${DAY2}/images.csv.gz`),
    ).toString();
    const [header] = csv.split("\r\n");
    expect(header?.split(",").at(-1)).toBe("usage");
  });

  it("reports an image whose verdict changed, from one verdict to the other", async () => {
    const changes = await h.ndjson<Change>(`${PREFIX}ndjson/changes/dt=${DAY2}/changes.ndjson.gz`);
    const moved = [...(expected[DAY2] ?? new Map())].filter(
      ([image, verdict]) => expected[DAY1]?.get(image) !== verdict,
    );
    expect(
      moved.some(
        ([image, verdict]) => verdict === "unused" && expected[DAY1]?.get(image) === "inUse",
      ),
    ).toBe(true);
    const reported = changes
      .filter((change) => change.fields.usage !== undefined)
      .map((change) => [key(change), change.fields.usage] as const);
    expect(new Map(reported)).toEqual(
      new Map(
        moved.map(([image, verdict]) => [image, { from: expected[DAY1]?.get(image), to: verdict }]),
      ),
    );
  });
});
