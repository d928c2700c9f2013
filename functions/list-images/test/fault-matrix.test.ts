import { type Fault, type FaultRule, type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

/**
 * docs/reliability.md's fault matrix, list endpoint column: each upstream fault, injected by
 * the simulator on the image listing, and the answer the endpoint must give.
 */
const LIST = ["v1-images"] as const;
const CELLS: [
  string,
  Omit<FaultRule, "fault"> & { fault: Fault },
  Record<string, string>,
  number,
  Record<string, unknown>?,
][] = [
  [
    "latency past the time-out",
    { routes: LIST, fault: { kind: "latency", ms: 1500 } },
    { NHN_TIMEOUT_MS: "150" },
    504,
  ],
  [
    "500 on every try",
    { routes: LIST, fault: { kind: "status", status: 500 } },
    {},
    502,
    { resultCode: null },
  ],
  [
    "503, then success",
    { routes: LIST, times: 1, fault: { kind: "status", status: 503 } },
    {},
    200,
  ],
  [
    "429 with Retry-After, then success",
    { routes: LIST, times: 1, fault: { kind: "rate-limit", retryAfter: "1" } },
    {},
    200,
  ],
  [
    "v1 -3 (permission denied)",
    {
      routes: LIST,
      fault: { kind: "v1-failure", resultCode: -3, resultMessage: "permission denied" },
    },
    {},
    502,
    { resultCode: -3, resultMessage: "permission denied" },
  ],
  [
    "v1 -4 (invalid parameters)",
    {
      routes: LIST,
      fault: { kind: "v1-failure", resultCode: -4, resultMessage: "invalid parameters" },
    },
    {},
    502,
    { resultCode: -4 },
  ],
  ["malformed JSON", { routes: LIST, fault: { kind: "malformed-json" } }, {}, 502],
  ["truncated body on every try", { routes: LIST, fault: { kind: "truncated-body" } }, {}, 502],
  [
    "a redirect (never followed)",
    { routes: LIST, fault: { kind: "redirect", status: 307, location: "http://127.0.0.1:9/x" } },
    {},
    502,
    { detail: expect.stringMatching(/redirect \(HTTP 307\), which is never followed/) },
  ],
  [
    "paging that loops",
    { routes: LIST, fault: { kind: "loop-paging" } },
    {},
    502,
    { detail: expect.stringMatching(/paging loops/) },
  ],
  [
    "a gzip bomb",
    { routes: LIST, fault: { kind: "oversized-body", bytes: 40 * 1024 * 1024, gzip: true } },
    {},
    502,
    { detail: expect.stringMatching(/more than 16777216 bytes/) },
  ],
  [
    "a resultMessage that quotes the token",
    { routes: LIST, fault: { kind: "echo-secret", via: "result-message" } },
    {},
    502,
    { resultMessage: "FAIL: token [redacted] rejected" },
  ],
  [
    "token expired in the middle of paging",
    { routes: LIST, skip: 1, times: 1, fault: { kind: "expired-token" } },
    {},
    200,
  ],
];

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 2500 });
});
afterAll(() => sim.close());
afterEach(() => sim.faults.clear());

describe("the invocation's deadline", () => {
  const remaining = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

  it("a 429 asking to wait longer than the invocation has left answers 504 without waiting", async () => {
    sim.faults.add({ routes: LIST, fault: { kind: "rate-limit", retryAfter: "20" } });
    const waits: number[] = [];
    const { handler } = handlerFor(sim, "v1", {}, { sleep: async (ms) => void waits.push(ms) });
    const response = await handler(httpApiEvent("/images"), remaining(10_000));
    expect(response.statusCode).toBe(504);
    expect(json(response).detail).toMatch(/deadline leaves no time to retry/);
    expect(waits).toEqual([]);
  });

  it("a slow upstream is cut off before the invocation's own time-out: 504", async () => {
    sim.faults.add({ routes: LIST, fault: { kind: "latency", ms: 5_000 } });
    const { handler } = handlerFor(sim, "v1", { NHN_TIMEOUT_MS: "60000" });
    // 1,000 ms are kept back to answer: 1,400 ms left gives upstream 400 ms.
    const response = await handler(httpApiEvent("/images/some-id"), remaining(1_400));
    expect(response.statusCode).toBe(504);
    expect(json(response).detail).toMatch(/deadline is near/);
  });
});

describe("fault matrix: the list endpoint", () => {
  it.each(CELLS)("%s → %#", async (_, rule, env, status, problem) => {
    sim.faults.add(rule);
    const waits: number[] = [];
    const { handler, logs } = handlerFor(sim, "v1", env, {
      sleep: async (ms) => void waits.push(ms),
    });
    const response = await handler(httpApiEvent("/images?status=active&limit=5"));
    for (const token of sim.issuedTokens()) {
      expect(response.body).not.toContain(token);
      expect(JSON.stringify(logs)).not.toContain(token);
    }
    expect(response.statusCode).toBe(status);
    const body = json(response);
    if (status === 200) {
      expect(body.images).toHaveLength(5);
      if (rule.fault.kind === "rate-limit") expect(waits).toContain(1000);
    } else {
      expect(response.headers["content-type"]).toBe("application/problem+json");
      expect(body).toMatchObject({ status, ...problem });
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
