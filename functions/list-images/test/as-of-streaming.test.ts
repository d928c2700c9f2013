// asOf over a snapshot larger than the container keeps: streamed through the query on every
// request, never held (a million-image snapshot took 850 MB and aborted a 450 MB heap); and usage
// parameters judged by the snapshot asked of, not by today's NHN_USAGE.
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
