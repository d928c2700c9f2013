import { createImageClient, TOKEN_RENEW_BEFORE_MS, UpstreamAuthError } from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { simulatorConfig } from "./helpers.ts";

let sim: Simulator;
// One clock for the simulator and the clients, moved by the tests.
let simNow = Date.parse("2026-11-26T00:00:00Z");
const now = () => simNow;
beforeAll(async () => {
  sim = await startSimulator({ images: 120, tokenTtlS: 3600, now: () => simNow });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.clear();
  sim.resetCounts();
});

const tokenRoute = { v1: "v1-token", v2: "identity" } as const;
const listRoute = { v1: "v1-images", v2: "v2-images" } as const;
const complete = (version: "v1" | "v2") => sim.listable({ api: version }).length;

describe.each(["v1", "v2"] as const)("tokens over %s", (version) => {
  it("are issued once for 50 concurrent listings", async () => {
    const client = createImageClient(simulatorConfig(sim, version), { now });
    const lists = await Promise.all(
      Array.from({ length: 50 }, () => client.listAllImages({ pageSize: 50 })),
    );
    const count = complete(version);
    expect(lists.every((list) => list.length === count)).toBe(true);
    expect(sim.counts[tokenRoute[version]]).toBe(1);
    // Pages of 50: the last full page is followed by one more (empty) request. Over v2 the
    // hidden images are a listing of their own.
    const hidden = sim.listable({ api: version }).filter((image) => image.hidden).length;
    const requests = (images: number) => Math.floor(images / 50) + 1;
    // Over v1 the page after the last starts at its marker: one more request, unless empty.
    const v1Requests = (images: number) => (images === 0 ? 1 : Math.ceil(images / 50) + 1);
    const perListing =
      version === "v2" ? requests(count - hidden) + requests(hidden) : v1Requests(count);
    expect(sim.counts[listRoute[version]]).toBe(50 * perListing);
  });

  it("are reused until five minutes before they expire, then renewed once", async () => {
    let clientNow = simNow;
    const client = createImageClient(simulatorConfig(sim, version), { now: () => clientNow });
    await client.listAllImages();
    clientNow += 3600_000 - TOKEN_RENEW_BEFORE_MS - 1000;
    await client.listAllImages();
    expect(sim.counts[tokenRoute[version]]).toBe(1);
    clientNow += 2000;
    // Upstream's clock too, so the renewed token is fresh to the client for every request.
    simNow = clientNow;
    await Promise.all([client.listAllImages(), client.listAllImages(), client.listAllImages()]);
    expect(sim.counts[tokenRoute[version]]).toBe(2);
  });

  it("are renewed once when upstream says the token expired, without the client knowing", async () => {
    let clientNow = simNow;
    const client = createImageClient(simulatorConfig(sim, version), { now: () => clientNow });
    await client.listAllImages();
    // Only the simulator's clock passes the token's expiry: the client still thinks it valid.
    simNow += 2 * 3600_000;
    clientNow += 60_000;
    await expect(client.listAllImages()).resolves.toHaveLength(complete(version));
    expect(sim.counts[tokenRoute[version]]).toBe(2);
  });

  it("fail fast with a clear message when the password is wrong", async () => {
    const client = createImageClient(
      simulatorConfig(sim, version, { NHN_API_PASSWORD: "wrong-password" }),
      { now },
    );
    const error = await client.listAllImages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamAuthError);
    // Each API's message names the credential it takes: the User Access Key, or the API password.
    expect((error as Error).message).toMatch(
      version === "v1"
        ? /refused.*User Access Key ID and Secret Access Key/
        : /refused.*API password/,
    );
    expect(sim.counts[tokenRoute[version]]).toBe(1);
    expect(sim.counts[listRoute[version]]).toBe(0);
  });
});

describe("a static NHN_AUTH_TOKEN", () => {
  it("is used as is and, when refused, fails without trying to renew it", async () => {
    const client = createImageClient(
      simulatorConfig(sim, "v2", { NHN_AUTH_TOKEN: "not-a-token", NHN_IMAGE_URL: sim.url }),
    );
    await expect(client.listAllImages()).rejects.toBeInstanceOf(UpstreamAuthError);
    expect(sim.counts.identity).toBe(0);
    expect(sim.counts["v2-images"]).toBe(1);
  });
});
