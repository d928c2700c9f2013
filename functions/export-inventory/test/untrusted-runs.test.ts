import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { gunzipSync } from "node:zlib";
import { startReplayServer, v1ReplayRoutes } from "@nhn-images/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

/** Issue #11: overlapping runs, hostile upstream answers and what a killed run leaves in /tmp. */
let h: Harness;
const pool = listedImages(31, 80);
beforeAll(async () => {
  h = await startHarness({ images: pool.slice(0, 40) });
  await h.handler({ now: at("2026-11-24T15:00:00Z") })({ date: "2026-11-24" });
});
afterAll(() => h.close());
afterEach(() => {
  h.proxy.clearFaults();
  h.sim.faults.clear();
  h.sim.setImages(pool.slice(0, 40));
});

const latest = () => h.json<{ snapshotDate: string }>(`${PREFIX}latest.json`);

describe("overlapping runs", () => {
  it("a backfill whose latest.json write lands after the night's run leaves latest.json on the newest date", async () => {
    // The backfill's first latest.json write is held back 1.5 s: the run of 11-26 writes its
    // manifest and latest.json meanwhile, then the stale write lands.
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "latest.json",
      kind: "latency",
      ms: 1500,
      times: 1,
    });
    const backfill = h.handler({ now: at("2026-11-26T15:00:00Z") })({ date: "2026-11-25" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const night = h.handler({ now: at("2026-11-26T15:00:02Z") })({ date: "2026-11-26" });
    await Promise.all([backfill, night]);
    expect(await latest()).toMatchObject({ snapshotDate: "2026-11-26" });
  });

  it("two runs of one date with data changing between them: one writes, the other is refused, and the manifest matches its objects", async () => {
    const date = "2026-11-23";
    // Slows the first run's uploads so the second starts while it is writing.
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: "dt=2026-11-23/",
      kind: "latency",
      ms: 400,
      times: 3,
    });
    const first = h.handler({ now: at(`${date}T15:00:00Z`) })({ date });
    await new Promise((resolve) => setTimeout(resolve, 150));
    h.sim.setImages(pool.slice(10, 50));
    const second = h.handler({ now: at(`${date}T15:00:01Z`) })({ date });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe("fulfilled");
    expect(b.status).toBe("rejected");
    expect(String((b as PromiseRejectedResult).reason)).toMatch(
      /Another run .* of 2026-11-23 holds/,
    );
    await h.verifyManifest(await h.manifest(date));
    expect((await h.keys()).filter((key) => key.includes("locks/"))).toEqual([]);
  });
});

describe("answers that would wipe the inventory", () => {
  it('v1 {"isSuccessful":true,"images":null} fails the run: no snapshot, latest.json unchanged', async () => {
    const before = await h.keys();
    const latestBefore = await latest();
    const replay = await startReplayServer(
      v1ReplayRoutes({ header: { isSuccessful: true, resultCode: 0 }, images: null }),
    );
    try {
      await expect(
        h.handler({ now: at("2026-11-27T15:00:00Z"), env: { NHN_COMPUTE_URL: replay.url } })({
          date: "2026-11-27",
        }),
      ).rejects.toThrow(/unexpected shape|no images array/);
    } finally {
      await replay.close();
    }
    expect(await h.keys()).toEqual(before);
    expect(await latest()).toEqual(latestBefore);
  });

  it("v1 paging that ignores marker fails the run after the repeat, spilling nothing", async () => {
    h.sim.setImages(2500);
    h.sim.resetCounts();
    h.sim.faults.add({ routes: ["v1-images"], fault: { kind: "loop-paging" } });
    await expect(
      h.handler({ now: at("2026-11-27T15:00:00Z") })({ date: "2026-11-27" }),
    ).rejects.toThrow(/same page marker twice/);
    expect(h.sim.counts["v1-images"]).toBeLessThanOrEqual(3);
  });

  it("statuses named constructor, toString, hasOwnProperty and __proto__ are counted like any other", async () => {
    const statuses = ["constructor", "toString", "hasOwnProperty", "__proto__"];
    h.sim.setImages(
      pool.slice(0, 40).map((image, i) => ({ ...image, status: statuses[i % 4] as string })),
    );
    await h.handler({ now: at("2026-11-22T15:00:00Z") })({ date: "2026-11-22" });
    const manifest = await h.manifest("2026-11-22");
    expect(Object.entries(manifest.counts.byStatus).sort()).toEqual(
      statuses.map((status) => [status, 10]).sort(),
    );
  });
});

describe("the export's CSV", () => {
  it("prefixes a cell that starts like a formula with ' (OWASP), as the list endpoint does", async () => {
    h.sim.setImages(
      pool.slice(0, 40).map((image, i) => (i === 0 ? { ...image, name: "=HYPERLINK(1)" } : image)),
    );
    await h.handler({ now: at("2026-11-20T15:00:00Z") })({ date: "2026-11-20" });
    const csv = gunzipSync(
      await h.bytes(`${PREFIX}csv/images/dt=2026-11-20/images.csv.gz`),
    ).toString();
    expect(csv).toContain(`,'=HYPERLINK(1),`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});

describe("upstream text that echoes a secret", () => {
  it.each([
    ["v1-images", "result-message"],
    ["v1-images", "property-key"],
    ["v1-token", "result-message"],
  ] as const)(
    "%s (%s) reaches neither the thrown error (the failure queue) nor the log",
    async (route, via) => {
      h.sim.faults.add({ routes: [route], fault: { kind: "echo-secret", via } });
      const error = await h
        .handler({ now: at("2026-11-27T15:00:00Z") })({ date: "2026-11-27" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const shown = `${inspect(error, { depth: 10, showHidden: true })}${JSON.stringify(h.logs)}`;
      const secrets = [...h.sim.issuedTokens(), h.sim.env("v1").NHN_API_PASSWORD as string];
      for (const secret of secrets) expect(shown).not.toContain(secret);
      expect(shown).toContain("[redacted]");
    },
  );
});

describe("spill directories of earlier runs", () => {
  it("are removed at start; a live process's are left alone", async () => {
    const root = tmpdir();
    const dead = join(root, "nhn-images-sort-2147483646-AbCdEf");
    const ours = join(root, `nhn-images-sort-${process.pid}-Stale1`);
    const firstVersion = join(root, "nhn-images-sort-Xy12Ab");
    const alive = join(root, `nhn-images-sort-${process.ppid}-Alive1`);
    for (const directory of [dead, ours, firstVersion, alive]) {
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, "run-0.ndjson"), "{}\n");
    }
    await h.handler({ now: at("2026-11-21T15:00:00Z") })({ date: "2026-11-21" });
    expect([dead, ours, firstVersion].filter(existsSync)).toEqual([]);
    expect(existsSync(alive)).toBe(true);
    await rm(alive, { recursive: true, force: true });
  });
});
