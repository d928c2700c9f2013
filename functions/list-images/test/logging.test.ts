import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 30 });
});
afterAll(() => sim.close());

describe("request logs", () => {
  it("carry the request id, query, matched count, cache hit and upstream latency", async () => {
    const { handler, logs } = handlerFor(sim, "v1");
    await handler(httpApiEvent("/images?status=active"));
    await handler(httpApiEvent("/images?status=active"));
    const served = logs.filter((l) => l.message === "Request served").map((l) => l.extra);
    expect(served).toHaveLength(2);
    expect(served[0]).toMatchObject({
      requestId: "Bx1cFjxXIE0EMsQ=",
      route: "/images",
      query: "status=active",
      status: 200,
      matched: expect.any(Number),
      cacheHit: false,
      upstreamMs: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(served[1]).toMatchObject({ cacheHit: true, upstreamMs: 0 });
  });
});
