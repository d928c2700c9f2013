import {
  createImageClient,
  UpstreamAuthError,
  UpstreamError,
  UpstreamNetworkError,
  UpstreamSchemaError,
  UpstreamTimeoutError,
} from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { startSilentServer } from "@nhn-images/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordingSleep, simulatorConfig } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 30 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.clear();
  sim.resetCounts();
});

const client = (version: "v1" | "v2", overrides: Record<string, string> = {}) => {
  const sleep = recordingSleep();
  const c = createImageClient(simulatorConfig(sim, version, overrides), { sleep: sleep.sleep });
  return { client: c, delays: sleep.delays };
};

const listRoute = { v1: "v1-images", v2: "v2-images" } as const;
/** How many images a complete listing over `version` gives. */
const complete = (version: "v1" | "v2") => sim.listable({ api: version }).length;

describe.each(["v1", "v2"] as const)("the %s client under faults", (version) => {
  const route = listRoute[version];

  it("retries a 503 and then succeeds", async () => {
    sim.faults.add({ routes: [route], times: 2, fault: { kind: "status", status: 503 } });
    const { client: c, delays } = client(version);
    await expect(c.listAllImages()).resolves.toHaveLength(complete(version));
    // One more after the page: over v2 the hidden images, listed apart; over v1 the page from
    // the last image's marker, which ends the listing.
    expect(sim.counts[route]).toBe(4);
    expect(delays).toHaveLength(2);
  });

  it("gives up after NHN_MAX_RETRIES with an UpstreamError carrying the status", async () => {
    sim.faults.add({ routes: [route], fault: { kind: "status", status: 500 } });
    const { client: c } = client(version, { NHN_MAX_RETRIES: "3" });
    const error = await c.listAllImages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).httpStatus).toBe(500);
    expect(sim.counts[route]).toBe(4);
  });

  it("does not retry a 4xx other than 429", async () => {
    sim.faults.add({ routes: [route], fault: { kind: "status", status: 400 } });
    const { client: c, delays } = client(version);
    await expect(c.listAllImages()).rejects.toBeInstanceOf(UpstreamError);
    expect(sim.counts[route]).toBe(1);
    expect(delays).toEqual([]);
  });

  it("waits what Retry-After says on a 429", async () => {
    sim.faults.add({ routes: [route], times: 1, fault: { kind: "rate-limit", retryAfter: "3" } });
    const { client: c, delays } = client(version);
    await expect(c.listAllImages()).resolves.toHaveLength(complete(version));
    expect(delays).toEqual([3000]);
  });

  it("backs off with full jitter below the exponential cap", async () => {
    sim.faults.add({ routes: [route], times: 2, fault: { kind: "status", status: 502 } });
    const sleep = recordingSleep();
    const c = createImageClient(simulatorConfig(sim, version), {
      sleep: sleep.sleep,
      random: () => 0.999,
    });
    await c.listAllImages();
    expect(sleep.delays).toEqual([199, 399]);
  });

  it("fails a slow answer with an UpstreamTimeoutError after NHN_TIMEOUT_MS", async () => {
    sim.faults.add({ routes: [route], fault: { kind: "latency", ms: 2000 } });
    const { client: c } = client(version, { NHN_TIMEOUT_MS: "150" });
    const error = await c.listAllImages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toMatch(/timed out after 150 ms/);
  });

  it("fails an API that accepts the connection and never answers after NHN_TIMEOUT_MS", async () => {
    const silent = await startSilentServer();
    try {
      const { client: c } = client(version, {
        NHN_IDENTITY_URL: silent.url,
        NHN_IMAGE_URL: silent.url,
        NHN_COMPUTE_URL: silent.url,
        NHN_TIMEOUT_MS: "200",
        NHN_MAX_RETRIES: "1",
      });
      const error = await c.listAllImages().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect(silent.bytesReceived).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it("times out a body dripped slower than NHN_TIMEOUT_MS", async () => {
    sim.faults.add({
      routes: [route],
      fault: { kind: "drip-body", chunkDelayMs: 50, chunkBytes: 64 },
    });
    const { client: c } = client(version, { NHN_TIMEOUT_MS: "300" });
    await expect(c.listAllImages()).rejects.toBeInstanceOf(UpstreamTimeoutError);
  });

  it("reads a dripped body that arrives in time", async () => {
    sim.faults.add({
      routes: [route],
      fault: { kind: "drip-body", chunkDelayMs: 1, chunkBytes: 4096 },
    });
    const { client: c } = client(version);
    await expect(c.listAllImages()).resolves.toHaveLength(complete(version));
  });

  it("turns malformed JSON into an UpstreamSchemaError without retrying", async () => {
    sim.faults.add({ routes: [route], fault: { kind: "malformed-json" } });
    const { client: c } = client(version);
    await expect(c.listAllImages()).rejects.toBeInstanceOf(UpstreamSchemaError);
    expect(sim.counts[route]).toBe(1);
  });

  it("retries a truncated body, then reports an UpstreamNetworkError", async () => {
    sim.faults.add({ routes: [route], fault: { kind: "truncated-body" } });
    const { client: c } = client(version);
    await expect(c.listAllImages()).rejects.toBeInstanceOf(UpstreamNetworkError);
    expect(sim.counts[route]).toBe(3);
  });

  it("recovers from one dropped connection", async () => {
    sim.faults.add({ routes: [route], times: 1, fault: { kind: "reset" } });
    const { client: c } = client(version);
    await expect(c.listAllImages()).resolves.toHaveLength(complete(version));
  });

  it("renews an expired token in the middle of paging and finishes the listing", async () => {
    sim.faults.add({ routes: [route], skip: 1, times: 1, fault: { kind: "expired-token" } });
    const { client: c } = client(version);
    await expect(c.listAllImages({ pageSize: 10 })).resolves.toHaveLength(complete(version));
    expect(sim.counts[version === "v1" ? "v1-token" : "identity"]).toBe(2);
  });
});

describe("v1 failures answered with HTTP 200", () => {
  it("become an UpstreamError with resultCode and resultMessage, never retried", async () => {
    sim.faults.add({
      routes: ["v1-images"],
      fault: { kind: "v1-failure", resultCode: -4, resultMessage: "invalid parameters" },
    });
    const { client: c } = client("v1");
    const error = (await c.listAllImages().catch((e: unknown) => e)) as UpstreamError;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      resultCode: -4,
      resultMessage: "invalid parameters",
      httpStatus: 400,
    });
    expect(sim.counts["v1-images"]).toBe(1);
  });

  it("refresh the token once on -3, then fail with an UpstreamAuthError", async () => {
    sim.faults.add({
      routes: ["v1-images"],
      fault: { kind: "v1-failure", resultCode: -3, resultMessage: "permission denied" },
    });
    const { client: c } = client("v1");
    const error = await c.listAllImages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamAuthError);
    expect(sim.counts["v1-images"]).toBe(2);
    expect(sim.counts["v1-token"]).toBe(2);
  });

  it("map 304xx image codes to the HTTP status in their last digits", async () => {
    sim.faults.add({
      routes: ["v1-images"],
      fault: { kind: "v1-failure", resultCode: 30404, resultMessage: "image not found" },
    });
    const { client: c } = client("v1");
    await expect(c.listAllImages()).rejects.toMatchObject({ httpStatus: 404, resultCode: 30404 });
  });
});

describe("getImage", () => {
  it.each(["v1", "v2"] as const)(
    "finds one image over %s and throws ImageNotFoundError otherwise",
    async (version) => {
      const { client: c } = client(version);
      const [first] = await c.listAllImages();
      await expect(c.getImage(first?.id ?? "")).resolves.toEqual(first);
      await expect(c.getImage("no-such-image")).rejects.toMatchObject({
        name: "ImageNotFoundError",
      });
    },
  );
});

describe("no unhandled rejections", () => {
  it("leave any fault", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      for (const fault of [
        { kind: "truncated-body" },
        { kind: "malformed-json" },
        { kind: "reset" },
        { kind: "latency", ms: 500 },
      ] as const) {
        sim.faults.clear().add({ fault });
        const { client: c } = client("v2", { NHN_TIMEOUT_MS: "100", NHN_MAX_RETRIES: "0" });
        await c.listAllImages().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
