import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 1200 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.resetCounts();
  sim.faults.clear();
  sim.setImages(1200);
});

describe("the warm-container cache", () => {
  it.each(["v1", "v2"] as const)(
    "serves 50 concurrent cold invocations with one token and one listing over %s",
    async (version) => {
      const { handler } = handlerFor(sim, version);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => handler(httpApiEvent(`/images?limit=${i + 1}`))),
      );
      expect(responses.every((r) => r.statusCode === 200)).toBe(true);
      const listRoute = version === "v1" ? "v1-images" : "v2-images";
      expect(sim.counts[version === "v1" ? "v1-token" : "identity"]).toBe(1);
      // One listing: 1,200 images in two upstream pages, then over v1 the page from the last
      // image's marker that ends it, over v2 the hidden images, listed apart.
      expect(sim.counts[listRoute]).toBe(3);
    },
  );

  it("serves 50 concurrent cold invocations over two regions with one token and one listing per region", async () => {
    const { handler } = handlerFor(sim, "v2", { NHN_REGION: "KR1,JP1" });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => handler(httpApiEvent(`/images?limit=${i + 1}`))),
    );
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(json(responses[0] as { body: string }).source.regions).toEqual(["KR1", "JP1"]);
    expect(sim.counts.identity).toBe(1);
    // One listing per region, and its hidden images apart.
    expect(sim.listings.v2ByRegion).toEqual({ KR1: 2, KR2: 0, KR3: 0, JP1: 2 });
  });

  it("lists upstream again once IMAGES_CACHE_TTL_S has passed", async () => {
    let now = Date.parse("2026-11-26T03:00:00Z");
    const { handler } = handlerFor(sim, "v2", { IMAGES_CACHE_TTL_S: "60" }, { now: () => now });
    expect(json(await handler(httpApiEvent("/images"))).source.cached).toBe(false);
    now += 59_000;
    expect(json(await handler(httpApiEvent("/images"))).source.cached).toBe(true);
    now += 2_000;
    const body = json(await handler(httpApiEvent("/images")));
    expect(body.source).toMatchObject({ cached: false, fetchedAt: new Date(now).toISOString() });
    expect(sim.counts["v2-images"]).toBe(6); // two listings of a page each, and their hidden images
  });

  it("does not keep a failed listing: the next call tries again", async () => {
    const { handler } = handlerFor(sim, "v2");
    sim.faults.add({ routes: ["v2-images"], times: 3, fault: { kind: "status", status: 500 } });
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(502);
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(200);
  });
});

describe("ETag", () => {
  it("a matching If-None-Match answers 304 with no body", async () => {
    const { handler } = handlerFor(sim, "v1");
    const first = await handler(httpApiEvent("/images?status=active&limit=5"));
    const etag = first.headers.etag as string;
    const second = await handler(
      httpApiEvent("/images?status=active&limit=5", { headers: { "if-none-match": etag } }),
    );
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe("");
    expect(second.headers.etag).toBe(etag);
    const weak = await handler(
      httpApiEvent("/images?status=active&limit=5", {
        headers: { "if-none-match": `"other", W/${etag}` },
      }),
    );
    expect(weak.statusCode).toBe(304);
  });

  it("is the same from two warm containers with different fetch times", async () => {
    const a = handlerFor(sim, "v1", {}, { now: () => Date.parse("2026-11-26T03:00:00Z") }).handler;
    const b = handlerFor(sim, "v1", {}, { now: () => Date.parse("2026-11-26T03:00:30Z") }).handler;
    const ra = await a(httpApiEvent("/images?limit=10"));
    const rb = await b(httpApiEvent("/images?limit=10"));
    expect(json(ra).source.fetchedAt).not.toBe(json(rb).source.fetchedAt);
    expect(ra.headers.etag).toBe(rb.headers.etag);
  });

  it("changes with the data, the page and the format", async () => {
    const etagOf = async (query: string, images = 1200) => {
      sim.setImages(images);
      const { handler } = handlerFor(sim, "v1");
      return (await handler(httpApiEvent(query))).headers.etag;
    };
    const base = await etagOf("/images?limit=10");
    expect(await etagOf("/images?limit=10", 1201)).not.toBe(base);
    expect(await etagOf("/images?limit=11")).not.toBe(base);
    expect(await etagOf("/images?limit=10&format=ndjson")).not.toBe(base);
    expect(await etagOf("/images?limit=10&format=csv")).not.toBe(base);
  });
});
