// asOf over a snapshot larger than the container keeps: streamed through the query on every
// request, never held (a million-image snapshot took 850 MB and aborted a 450 MB heap); and usage
// parameters judged by the snapshot asked of, not by today's NHN_USAGE.
import { gunzipSync } from "node:zlib";
import { compareCodePoints, compareIdThenRegion, type Image } from "@nhn-images/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpApiEvent, json } from "./helpers.ts";
import { type InventoryHarness, PREFIX, startInventoryHarness } from "./inventory-harness.ts";

let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness({ images: 120, seed: 13 });
  // One more day, exported with usage evidence.
  await h.exportDay("2026-10-07", 6, { NHN_USAGE: "true" });
}, 120_000);
afterAll(() => h?.close());

const imagesKey = (date: string) => `${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`;
const reads = (key: string) =>
  h.proxy.operations.filter((o) => o.operation === "GetObject" && o.key === key).length;

describe("a snapshot larger than the container keeps", () => {
  it("is streamed through each query: the same page as over the whole list, read per request, never held", async () => {
    const held = h.held["2026-10-05"] as Image[];
    expect(held.length).toBeGreaterThan(50);
    const { handle } = h.handler({}, { maxCachedImages: 50 });
    const expected = [...held]
      .sort((a, b) => compareCodePoints(a.name, b.name) || compareIdThenRegion(a, b))
      .slice(0, 7)
      .map((image) => image.id);
    const before = reads(imagesKey("2026-10-05"));
    for (let round = 0; round < 2; round++) {
      const body = json(await handle(httpApiEvent("/images?asOf=2026-10-05&sort=name&limit=7")));
      expect(body.page.matched).toBe(held.length);
      expect(body.images.map((image: Image) => image.id)).toEqual(expected);
    }
    expect(reads(imagesKey("2026-10-05")) - before).toBe(2);
    const one = held[17] as Image;
    const response = await handle(
      httpApiEvent(`/images/${one.id}?asOf=2026-10-05&region=${one.region}`),
    );
    expect(json(response)).toEqual(one);
  });

  it("a snapshot the container can keep is read once", async () => {
    const { handle } = h.handler();
    const before = reads(imagesKey("2026-10-03"));
    for (let round = 0; round < 2; round++) {
      expect((await handle(httpApiEvent("/images?asOf=2026-10-03&limit=1"))).statusCode).toBe(200);
    }
    expect(reads(imagesKey("2026-10-03")) - before).toBe(1);
  });
});

describe("usage parameters with asOf are judged by the snapshot", () => {
  it("a snapshot exported without usage refuses inUse even where NHN_USAGE is on today", async () => {
    const { handle } = h.handler({ NHN_USAGE: "true" });
    const response = await handle(httpApiEvent("/images?asOf=2026-10-05&inUse=false"));
    expect(response.statusCode).toBe(400);
    expect(json(response).issues).toEqual([
      {
        param: "inUse",
        message:
          "needs usage evidence, which the snapshot of 2026-10-05 does not hold (it was exported without NHN_USAGE=true)",
      },
    ]);
  });

  it("a snapshot exported with usage answers inUse and fields=usage where NHN_USAGE is off today", async () => {
    const { handle } = h.handler();
    const all = json(await handle(httpApiEvent("/images?asOf=2026-10-07&limit=1")));
    const answered = json(
      await handle(httpApiEvent("/images?asOf=2026-10-07&inUse=true,false,unknown&fields=usage")),
    );
    expect(answered.page.matched).toBe(all.page.matched);
    expect(answered.images.every((image: Image) => image.usage !== undefined)).toBe(true);
  });

  it("says plainly why the live list refuses fields=usage without NHN_USAGE", async () => {
    const { handle } = h.handler();
    const response = await handle(httpApiEvent("/images?fields=name,usage"));
    expect(json(response).issues).toEqual([
      {
        param: "fields",
        message:
          "names usage evidence, which this deployment does not collect (NHN_USAGE is not true)",
      },
    ]);
  });
});

describe("unusedSinceDate on asOf rows that carry usage", () => {
  /** The usage verdicts a snapshot holds, read straight from its NDJSON object. */
  async function verdictsOf(date: string): Promise<Map<string, string | undefined>> {
    const text = gunzipSync(await h.bytes(imagesKey(date))).toString("utf8");
    const rows = text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Image);
    return new Map(rows.map((image) => [`${image.region} ${image.id}`, image.usage?.verdict]));
  }

  it("is the first day of the image's run of unused verdicts, back to the day without a snapshot", async () => {
    await h.exportDay("2026-10-08", 7, { NHN_USAGE: "true" });
    await h.exportDay("2026-10-09", 8, { NHN_USAGE: "true" });
    const { handle } = h.handler();
    const body = json(await handle(httpApiEvent("/images?asOf=2026-10-09&inUse=false&limit=1000")));
    const rows = body.images as Image[];
    expect(rows.length).toBeGreaterThan(5);
    const days = ["2026-10-09", "2026-10-08", "2026-10-07"];
    const verdicts = await Promise.all(days.map(verdictsOf));
    const seen = new Set<string>();
    for (const row of rows) {
      const key = `${row.region} ${row.id}`;
      // 2026-10-06 has no snapshot: no run reaches past 2026-10-07.
      let since = days[0] as string;
      for (let d = 1; d < days.length && verdicts[d]?.get(key) === "unused"; d++) {
        since = days[d] as string;
      }
      expect(row.usage?.unusedSinceDate, key).toBe(since);
      seen.add(since);
    }
    expect(seen.size).toBeGreaterThan(1);
    // Rows that are not unused say nothing of it.
    const used = json(
      await handle(httpApiEvent("/images?asOf=2026-10-09&inUse=true,unknown&limit=1000")),
    );
    for (const row of used.images as Image[]) expect(row.usage?.unusedSinceDate).toBeUndefined();
  });
});
