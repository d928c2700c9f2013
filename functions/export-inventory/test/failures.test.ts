import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { at, BUCKET, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

let h: Harness;
const pool = listedImages(4, 60);
const DAY_OK = "2026-11-01";
const DAY_FAILED = "2026-11-02";
beforeAll(async () => {
  h = await startHarness({ images: pool.slice(0, 50) });
  await h.handler({ now: at(`${DAY_OK}T15:00:00Z`) })({ date: DAY_OK });
});
afterAll(() => h.close());
afterEach(() => {
  h.sim.faults.clear();
  h.proxy.clearFaults();
  h.sim.setImages(pool.slice(0, 50));
});

const latest = () => h.json(`${PREFIX}latest.json`);

/** Runs the export of DAY_FAILED expecting it to throw, and checks that nothing was left. */
async function expectCleanFailure(
  message: RegExp,
  options: Parameters<Harness["handler"]>[0] = {},
) {
  const latestBefore = await latest();
  await expect(
    h.handler({ now: at(`${DAY_FAILED}T15:00:00Z`), ...options })({ date: DAY_FAILED }),
  ).rejects.toThrow(message);
  const keys = await h.keys();
  expect(keys).not.toContain(`${PREFIX}manifests/dt=${DAY_FAILED}/manifest.json`);
  expect(await latest()).toEqual(latestBefore);
  expect(h.proxy.openUploads()).toEqual([]);
}

describe("a failed export", () => {
  it("upstream failing in the middle of paging: throws, no manifest, latest.json unchanged", async () => {
    h.sim.setImages(2600); // three upstream pages; the second fails after its retries
    h.sim.faults.add({ routes: ["v1-images"], skip: 1, fault: { kind: "status", status: 500 } });
    await expectCleanFailure(/HTTP 500/, { env: { NHN_MAX_RETRIES: "1" }, sortRunSize: 1000 });
    expect(h.sim.counts["v1-images"]).toBeGreaterThanOrEqual(3);
  });

  it("one failing region of several: throws naming it, no manifest, latest.json unchanged", async () => {
    h.sim.faults.add({
      routes: ["v2-images"],
      regions: ["KR3"],
      fault: { kind: "status", status: 500 },
    });
    await expectCleanFailure(/KR3, project [0-9a-f]{32}.*HTTP 500/, {
      apiVersion: "v2",
      env: { NHN_REGION: "all", NHN_MAX_RETRIES: "0" },
    });
  });

  it("S3 refusing the images object: throws, no manifest, latest.json unchanged", async () => {
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "images.csv.gz",
      kind: "status",
      status: 500,
    });
    await expectCleanFailure(/./);
  });

  it("S3 refusing the manifest: throws and leaves no manifest", async () => {
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "manifest.json",
      kind: "status",
      status: 503,
    });
    await expectCleanFailure(/./);
  });

  it("S3 gone: throws, no manifest", async () => {
    const gone = await startHarness({ images: 20 });
    try {
      gone.proxy.vanish();
      await expect(
        gone.handler({ now: at("2026-11-02T15:00:00Z") })({ date: "2026-11-02" }),
      ).rejects.toThrow();
    } finally {
      await gone.close();
    }
  });

  it("a failure emits the ExportFailed metric and logs the error", async () => {
    h.sim.faults.add({
      routes: ["v1-images"],
      fault: { kind: "v1-failure", resultCode: -6, resultMessage: "internal db error" },
    });
    await expectCleanFailure(/resultCode -6/);
    expect(h.metrics.some((m) => m.name === "ExportFailed")).toBe(true);
    expect(h.logs.some((l) => l.level === "error" && JSON.stringify(l.extra).includes("-6"))).toBe(
      true,
    );
  });

  it("a re-run that fails while writing leaves the date's old snapshot whole", async () => {
    const date = "2026-10-30";
    await h.handler({ now: at(`${date}T15:00:00Z`) })({ date });
    const old = await h.manifest(date);
    const latestBefore = await latest();
    h.sim.setImages(pool);
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "changes.ndjson.gz",
      kind: "status",
      status: 500,
    });
    await expect(h.handler({ now: at(`${date}T18:00:00Z`) })({ date })).rejects.toThrow();
    expect(await h.manifest(date)).toEqual(old);
    await h.verifyManifest(old);
    expect(await latest()).toEqual(latestBefore);
    expect((await h.keys()).filter((k) => k.includes("staging/") || k.includes("locks/"))).toEqual(
      [],
    );
  });

  it("a later successful run of the same date still works", async () => {
    await h.handler({ now: at(`${DAY_FAILED}T16:00:00Z`) })({ date: DAY_FAILED });
    await h.verifyManifest(await h.manifest(DAY_FAILED));
    expect(await latest()).toMatchObject({ snapshotDate: DAY_FAILED });
  });
});

describe("a latest.json that is not a pointer (derived data, broken by hand or by a tool)", () => {
  const putLatest = (body: string) =>
    h.direct.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}latest.json`, Body: body }),
    );
  for (const [what, body] of [
    ["not JSON", '{"snapshotDate": "2026-11-02", "manif'],
    ["JSON of another shape", '["2026-11-02"]'],
  ] as const) {
    it(`${what}: the next run succeeds and writes it again`, async () => {
      await putLatest(body);
      const result = await h.handler({ now: at("2026-11-03T15:00:00Z") })({ date: "2026-11-03" });
      expect(result.snapshotDate).toBe("2026-11-03");
      expect(await latest()).toEqual({
        snapshotDate: "2026-11-03",
        manifestKey: `${PREFIX}manifests/dt=2026-11-03/manifest.json`,
      });
      // A re-run of an older date (it moves latest.json off nothing) works over it as well.
      await putLatest(body);
      await h.handler({ now: at("2026-11-03T16:00:00Z") })({ date: DAY_OK });
      expect(await latest()).toMatchObject({ snapshotDate: "2026-11-03" });
    });
  }
});

describe("multipart uploads", () => {
  let big: Harness;
  beforeAll(async () => {
    // Enough images that the gzip objects exceed one 5 MiB part.
    big = await startHarness({ images: 90_000, seed: 12 });
  }, 120_000);
  afterAll(() => big.close());

  it("a part refused by S3 aborts every upload: throws, no manifest, no upload left open", async () => {
    big.proxy.addFault({
      operation: "UploadPart",
      keyContains: "images.ndjson.gz",
      kind: "status",
      status: 500,
    });
    await expect(
      big.handler({ now: at("2026-11-05T15:00:00Z") })({ date: "2026-11-05" }),
    ).rejects.toThrow();
    expect(big.proxy.operations.some((o) => o.operation === "CreateMultipartUpload")).toBe(true);
    expect(big.proxy.openUploads()).toEqual([]);
    expect(big.proxy.operations.some((o) => o.operation === "AbortMultipartUpload")).toBe(true);
    // Objects that completed before the failure may stay; without a manifest the date has no snapshot.
    const keys = await big.keys();
    expect(keys).not.toContain(`${PREFIX}ndjson/images/dt=2026-11-05/images.ndjson.gz`);
    expect(keys.filter((key) => key.includes("manifest") || key.endsWith("latest.json"))).toEqual(
      [],
    );
  }, 120_000);

  it("without faults, completes multipart objects whose sha256 matches the manifest", async () => {
    big.proxy.clearFaults();
    await big.handler({ now: at("2026-11-05T15:00:00Z"), sortRunSize: 15_000 })({
      date: "2026-11-05",
    });
    const manifest = await big.manifest("2026-11-05");
    await big.verifyManifest(manifest);
    expect(manifest.counts.images).toBe(big.sim.listable({ api: "v1" }).length);
    const ndjson = manifest.objects.find((o) => o.key.includes("/ndjson/images/"));
    expect(ndjson?.bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(big.proxy.openUploads()).toEqual([]);
  }, 120_000);
});
