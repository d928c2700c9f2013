// A warm container that listed the snapshots before a re-run replaced one: its cached listing
// names the old manifest, whose objects are gone. It must read again, not call them corrupt.
import type { Image } from "@nhn-images/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpApiEvent, json } from "./helpers.ts";
import { type InventoryHarness, startInventoryHarness } from "./inventory-harness.ts";

let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness({ images: 80, seed: 9 });
}, 120_000);
afterAll(() => h?.close());

describe("a warm container's listing, stale after a re-run", () => {
  it("reads the listing again once and answers the re-run's snapshot, not a corruption 502", async () => {
    // The listing is kept for the live cache's time (five minutes here).
    const { handle } = h.handler({ IMAGES_CACHE_TTL_S: "300" });
    expect((await handle(httpApiEvent("/snapshots"))).statusCode).toBe(200);

    // The re-run of 2026-10-05 lists a later simulated day: other objects, of other sizes.
    const now = await h.exportDay("2026-10-05", 9);

    const response = await handle(httpApiEvent("/images?asOf=2026-10-05&limit=1000"));
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    expect(body.page.matched).toBe(now.length);
    expect((body.images as Image[]).map((image) => image.id).sort()).toEqual(
      now.map((image) => image.id).sort(),
    );
    // What the first run held is not what the re-run holds.
    expect(JSON.stringify(h.held["2026-10-05"])).not.toBe(JSON.stringify(now));
  });
});
