import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 600, seed: 5 });
});
afterAll(() => sim.close());

const QUERIES = [
  "status=active",
  "status=active,queued",
  "visibility=public",
  "visibility=private",
  `sizeMin=${4 * 1024 ** 3}&sizeMax=${16 * 1024 ** 3}`,
  "status=active&visibility=public&sizeMin=1&sort=size:desc",
  "status=killed&format=ndjson",
];

describe("Glance push-down (v2 without a cache)", () => {
  it.each(QUERIES)("answers %s exactly as local filtering does", async (query) => {
    const local = handlerFor(sim, "v2", { IMAGES_CACHE_TTL_S: "60" }).handler;
    const pushed = handlerFor(sim, "v2", { IMAGES_CACHE_TTL_S: "0" }).handler;
    const a = await local(httpApiEvent(`/images?${query}&limit=1000`));
    const b = await pushed(httpApiEvent(`/images?${query}&limit=1000`));
    expect(a.statusCode).toBe(200);
    expect(b.body.replace(/"source":.*$/, "")).toBe(a.body.replace(/"source":.*$/, ""));
    expect(b.headers.etag).toBe(a.headers.etag);
  });

  it("sends fewer images over the wire when it can push down", async () => {
    const pushed = handlerFor(sim, "v2", { IMAGES_CACHE_TTL_S: "0" }).handler;
    sim.resetCounts();
    await pushed(httpApiEvent("/images?status=deleted"));
    // A dozen deleted images fit in one upstream page (and one more asks for hidden ones).
    expect(sim.counts["v2-images"]).toBe(2);
    sim.resetCounts();
    await pushed(httpApiEvent("/images?status=deleted,active"));
    expect(sim.counts["v2-images"]).toBe(2);
    expect(json(await pushed(httpApiEvent("/images?status=deleted"))).source.cached).toBe(false);
  });
});
