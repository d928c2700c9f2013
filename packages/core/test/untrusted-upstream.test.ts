import { inspect } from "node:util";
import {
  createImageClient,
  UpstreamError,
  UpstreamLimitError,
  UpstreamSchemaError,
  UpstreamTimeoutError,
} from "@nhn-images/core";
import { type Simulator, type SimulatorRoute, startSimulator } from "@nhn-images/simulator";
import { recordingLogger, startReplayServer, v1ReplayRoutes } from "@nhn-images/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordingSleep, simulatorConfig } from "./helpers.ts";

const PASSWORD = "sentinel-password-5e1d";

let sim: Simulator;
let spy: Awaited<ReturnType<typeof startReplayServer>>;
beforeAll(async () => {
  sim = await startSimulator({
    images: 30,
    credentials: { password: PASSWORD, secretAccessKey: PASSWORD },
  });
  spy = await startReplayServer({});
});
afterAll(async () => {
  await sim.close();
  await spy.close();
});
afterEach(() => {
  sim.faults.clear();
  sim.resetCounts();
  spy.requests.length = 0;
});

const client = (version: "v1" | "v2", env: Record<string, string> = {}) => {
  const logger = recordingLogger();
  const c = createImageClient(simulatorConfig(sim, version, env), {
    sleep: recordingSleep().sleep,
    logger,
  });
  return { client: c, logs: logger.lines };
};

/** Every text an error can show: message, stack, fields, causes (as `util.inspect` prints them). */
const everything = (value: unknown) =>
  `${inspect(value, { depth: 10, showHidden: true })}${JSON.stringify(value)}`;

describe("redirects are never followed", () => {
  const calls: [
    string,
    "v1" | "v2",
    SimulatorRoute,
    (c: ReturnType<typeof client>["client"]) => Promise<unknown>,
  ][] = [
    ["the v1 token request", "v1", "v1-token", (c) => c.listAllImages()],
    ["a v1 page", "v1", "v1-images", (c) => c.listAllImages()],
    ["the Keystone token request", "v2", "identity", (c) => c.listAllImages()],
    ["a Glance page", "v2", "v2-images", (c) => c.listAllImages()],
    ["a Glance image", "v2", "v2-image", (c) => c.getImage("any-id")],
  ];
  it.each(calls)(
    "%s: a 302 or 307 is an upstream error and nothing reaches Location",
    async (_, version, route, call) => {
      for (const status of [302, 307]) {
        sim.faults.clear();
        sim.faults.add({
          routes: [route],
          fault: { kind: "redirect", status, location: `${spy.url}/v2.0/tokens` },
        });
        const error = await call(client(version).client).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UpstreamError);
        expect((error as UpstreamError).httpStatus).toBe(status);
        expect((error as Error).message).toMatch(/redirect.*never followed/);
      }
      expect(spy.requests).toEqual([]);
    },
  );
});

describe("upstream text that echoes a secret", () => {
  it.each([
    ["v1", "v1-token", "result-message"],
    ["v1", "v1-images", "result-message"],
    ["v1", "v1-images", "property-key"],
    ["v2", "identity", "result-message"],
    ["v2", "v2-images", "result-message"],
  ] as const)("%s %s (%s) reaches no error and no log", async (version, route, via) => {
    sim.faults.add({ routes: [route], fault: { kind: "echo-secret", via } });
    const { client: c, logs } = client(version);
    const error = await c.listAllImages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const shown = everything(error) + JSON.stringify(logs);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toMatch(/token [0-9a-f]{32}/);
    const tokens = sim.issuedTokens();
    if (route !== "v1-token" && route !== "identity") expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(shown).not.toContain(token);
  });

  it("a v1 resultMessage quoting the token is shown with the token redacted", async () => {
    sim.faults.add({
      routes: ["v1-images"],
      fault: { kind: "echo-secret", via: "result-message" },
    });
    const error = (await client("v1")
      .client.listAllImages()
      .catch((e: unknown) => e)) as UpstreamError;
    expect(error.resultMessage).toBe("FAIL: token [redacted] rejected");
    expect(error.message).toContain("[redacted]");
  });

  it("a property key equal to the token is redacted in the schema error's path", async () => {
    sim.faults.add({ routes: ["v1-images"], fault: { kind: "echo-secret", via: "property-key" } });
    const error = (await client("v1")
      .client.listAllImages()
      .catch((e: unknown) => e)) as UpstreamSchemaError;
    expect(error).toBeInstanceOf(UpstreamSchemaError);
    expect(error.issues[0]?.path).toBe("images[0].properties.[redacted]");
  });

  it("a token that is not a valid header value is refused without quoting it", async () => {
    const token = "gAAAA-secret-token\r\nX-Injected: 1";
    const replay = await startReplayServer({
      "POST /v1.0/appkeys/demo-appkey/tokens": {
        body: {
          header: { isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" },
          access: { token: { id: token, expires: "2099-01-01T00:00:00Z" } },
        },
      },
    });
    try {
      const logger = recordingLogger();
      const c = createImageClient(simulatorConfig(sim, "v1", { NHN_COMPUTE_URL: replay.url }), {
        sleep: recordingSleep().sleep,
        logger,
      });
      const error = await c.listAllImages().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamSchemaError);
      expect((error as Error).message).toMatch(/not a valid header value/);
      const shown = everything(error) + JSON.stringify(logger.lines);
      expect(shown).not.toContain("gAAAA-secret-token");
      expect(replay.requests.filter((r) => r.method === "GET")).toEqual([]);
    } finally {
      await replay.close();
    }
  });
});

describe("paging is bounded", () => {
  it.each(["v1", "v2"] as const)(
    "%s: a listing whose pages never end fails after the repeat",
    async (version) => {
      sim.faults.add({ routes: [`${version}-images`], fault: { kind: "loop-paging" } });
      const logger = recordingLogger();
      const c = createImageClient(simulatorConfig(sim, version), { logger });
      const error = await c.listAllImages({ pageSize: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamLimitError);
      expect((error as Error).message).toMatch(/same page marker twice.*loops/);
      // The first page names a marker, the second names it again: at most one read-ahead more.
      expect(sim.counts[`${version}-images`]).toBeLessThanOrEqual(3);
    },
  );

  it("NHN_MAX_PAGES caps the pages of one listing", async () => {
    const { client: c } = client("v2", { NHN_MAX_PAGES: "2" });
    const error = await c.listAllImages({ pageSize: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamLimitError);
    expect((error as Error).message).toMatch(/NHN_MAX_PAGES \(2\)/);
    expect(sim.counts["v2-images"]).toBeLessThanOrEqual(3);
    // Enough pages for the listing: no error.
    await expect(
      client("v2", { NHN_MAX_PAGES: "7" }).client.listAllImages({ pageSize: 5 }),
    ).resolves.toHaveLength(sim.listable().length);
  });
});

describe("bodies are bounded", () => {
  it.each([
    ["a 20 MB body", { kind: "oversized-body", bytes: 20 * 1024 * 1024 }],
    [
      "a gzip bomb (20 MB from about 20 KB)",
      { kind: "oversized-body", bytes: 20 * 1024 * 1024, gzip: true },
    ],
  ] as const)("%s is refused as it streams", async (_, fault) => {
    sim.faults.add({ routes: ["v2-images"], fault });
    const error = await client("v2")
      .client.listAllImages()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamLimitError);
    expect((error as Error).message).toMatch(/more than 16777216 bytes/);
  });

  it("a gzip-encoded body under the cap is read", async () => {
    sim.faults.add({
      routes: ["v2-images"],
      fault: { kind: "oversized-body", bytes: 1024 * 1024, gzip: true },
    });
    await expect(client("v2").client.listAllImages()).resolves.toHaveLength(sim.listable().length);
  });

  it("a page with more images than asked for is refused", async () => {
    const images = Array.from({ length: 12 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      status: "active",
      createdAt: "2026-01-01T00:00:00Z",
    }));
    const replay = await startReplayServer(
      v1ReplayRoutes({
        header: { isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" },
        images,
      }),
    );
    try {
      const c = createImageClient(simulatorConfig(sim, "v1", { NHN_COMPUTE_URL: replay.url }));
      const error = await c.listAllImages({ pageSize: 10 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamLimitError);
      expect((error as Error).message).toMatch(/12 images for a page of at most 10/);
    } finally {
      await replay.close();
    }
  });
});

describe("a deadline bounds every attempt and every wait", () => {
  it("a Retry-After that would pass the deadline is not waited for", async () => {
    sim.faults.add({ routes: ["v2-images"], fault: { kind: "rate-limit", retryAfter: "20" } });
    const sleep = recordingSleep();
    const c = createImageClient(simulatorConfig(sim, "v2"), { sleep: sleep.sleep });
    const error = await c.listAllImages({ deadline: Date.now() + 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toMatch(/deadline leaves no time to retry/);
    expect(sleep.delays).toEqual([]);
    expect(sim.counts["v2-images"]).toBe(1);
  });

  it("an attempt is cut off at the deadline, not at NHN_TIMEOUT_MS", async () => {
    sim.faults.add({ routes: ["v2-images"], fault: { kind: "latency", ms: 5_000 } });
    const c = createImageClient(simulatorConfig(sim, "v2", { NHN_TIMEOUT_MS: "60000" }), {
      sleep: recordingSleep().sleep,
    });
    const error = await c.listAllImages({ deadline: Date.now() + 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toMatch(/deadline is near/);
    expect(sim.counts["v2-images"]).toBe(1);
  });

  it("a deadline already passed sends nothing", async () => {
    const c = createImageClient(simulatorConfig(sim, "v2"));
    await expect(c.getImage("x", undefined, { deadline: Date.now() - 1 })).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
    expect(sim.counts["v2-image"]).toBe(0);
  });
});

describe("answers that look successful but are not", () => {
  it('a v1 success with "images": null is a schema error, not an empty project', async () => {
    const replay = await startReplayServer(
      v1ReplayRoutes({ header: { isSuccessful: true, resultCode: 0 }, images: null }),
    );
    try {
      const c = createImageClient(simulatorConfig(sim, "v1", { NHN_COMPUTE_URL: replay.url }));
      const error = await c.listAllImages().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamSchemaError);
      expect((error as UpstreamSchemaError).issues).toEqual([
        { path: "images", message: "must be an array on a successful answer" },
      ]);
    } finally {
      await replay.close();
    }
  });

  it("NHN_AUTH_TOKEN that is not a valid header value is a config error that does not quote it", () => {
    const error = (() => {
      try {
        simulatorConfig(sim, "v2", {
          NHN_AUTH_TOKEN: "secret-part\nX-Evil: 1",
          NHN_IMAGE_URL: sim.url,
        });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error?.message).toMatch(/NHN_AUTH_TOKEN: is not a valid header value/);
    expect(everything(error)).not.toContain("secret-part");
  });
});
