import type { Fault, FaultRule } from "@nhn-images/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

/**
 * docs/reliability.md's fault matrix, export column: for each fault the run either completes a
 * snapshot whose manifest matches its objects, or leaves no manifest, `latest.json` as it was
 * and no multipart upload open.
 */
const LIST = ["v1-images"] as const;
type Outcome = "snapshot" | "clean failure";
const UPSTREAM: [
  string,
  Omit<FaultRule, "fault"> & { fault: Fault },
  Record<string, string>,
  Outcome,
][] = [
  [
    "latency past the time-out",
    { routes: LIST, skip: 1, fault: { kind: "latency", ms: 1500 } },
    { NHN_TIMEOUT_MS: "150" },
    "clean failure",
  ],
  [
    "500 on every try",
    { routes: LIST, skip: 1, fault: { kind: "status", status: 500 } },
    {},
    "clean failure",
  ],
  [
    "503, then success",
    { routes: LIST, skip: 1, times: 1, fault: { kind: "status", status: 503 } },
    {},
    "snapshot",
  ],
  [
    "429 with Retry-After, then success",
    { routes: LIST, skip: 1, times: 1, fault: { kind: "rate-limit", retryAfter: "2" } },
    {},
    "snapshot",
  ],
  [
    "v1 -3 (permission denied)",
    { routes: LIST, skip: 1, fault: { kind: "v1-failure", resultCode: -3 } },
    {},
    "clean failure",
  ],
  [
    "v1 -4 (invalid parameters)",
    { routes: LIST, skip: 1, fault: { kind: "v1-failure", resultCode: -4 } },
    {},
    "clean failure",
  ],
  [
    "malformed JSON",
    { routes: LIST, skip: 1, fault: { kind: "malformed-json" } },
    {},
    "clean failure",
  ],
  [
    "truncated body on every try",
    { routes: LIST, skip: 1, fault: { kind: "truncated-body" } },
    {},
    "clean failure",
  ],
  [
    "token expired in the middle of paging",
    { routes: LIST, skip: 1, times: 1, fault: { kind: "expired-token" } },
    {},
    "snapshot",
  ],
];

let h: Harness;
const BASE_DATE = "2026-11-01";
beforeAll(async () => {
  h = await startHarness({ images: 2600, seed: 17 }); // three upstream pages
  await h.handler({ now: at(`${BASE_DATE}T15:00:00Z`) })({ date: BASE_DATE });
});
afterAll(() => h.close());
afterEach(() => {
  h.sim.faults.clear();
  h.proxy.clearFaults();
});

let day = 2;
async function expectOutcome(outcome: Outcome, options: Parameters<Harness["handler"]>[0] = {}) {
  const date = `2026-11-${String(day++).padStart(2, "0")}`;
  const latestBefore = await h.json(`${PREFIX}latest.json`);
  const run = h.handler({ now: at(`${date}T15:00:00Z`), ...options })({ date });
  if (outcome === "snapshot") {
    await run;
    const manifest = await h.manifest(date);
    await h.verifyManifest(manifest);
    expect(manifest.counts.images).toBe(h.sim.listable({ api: "v1" }).length);
    expect(await h.json(`${PREFIX}latest.json`)).toMatchObject({ snapshotDate: date });
  } else {
    await expect(run).rejects.toThrow();
    expect(await h.keys()).not.toContain(`${PREFIX}manifests/dt=${date}/manifest.json`);
    expect(await h.json(`${PREFIX}latest.json`)).toEqual(latestBefore);
  }
  expect(h.proxy.openUploads()).toEqual([]);
}

describe("fault matrix: the export, upstream faults", () => {
  it.each(UPSTREAM)("%s → %s", async (_, rule, env, outcome) => {
    h.sim.faults.add(rule);
    await expectOutcome(outcome, { env });
  });
});

describe("fault matrix: the export, S3 faults", () => {
  it("S3 slow on every write → snapshot", async () => {
    h.proxy.addFault({ operation: "PutObject", kind: "latency", ms: 300 });
    await expectOutcome("snapshot");
  });

  it("S3 answering 500 to one object, on every retry → clean failure", async () => {
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "images.ndjson.gz",
      kind: "status",
      status: 500,
    });
    await expectOutcome("clean failure");
  });

  it("S3 answering 500 once, then fine → snapshot (the SDK retries)", async () => {
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "images.csv.gz",
      kind: "status",
      status: 500,
      times: 1,
    });
    await expectOutcome("snapshot");
  });

  it("two exports of the same date at once → a snapshot whose manifest matches its objects", async () => {
    const date = "2026-11-20";
    const runs = await Promise.allSettled([
      h.handler({ now: at(`${date}T15:00:00Z`) })({ date }),
      h.handler({ now: at(`${date}T15:00:01Z`) })({ date }),
    ]);
    expect(runs.some((r) => r.status === "fulfilled")).toBe(true);
    const manifest = await h.manifest(date);
    await h.verifyManifest(manifest);
    expect(h.proxy.openUploads()).toEqual([]);
  });
});
