import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { Manifest } from "@nhn-images/inventory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";
import { INVENTORY_STORES } from "./inventory-stores.ts";

/**
 * DESIGN.md's invariant, under `kill -9`: the deployed bundle runs a re-run of the latest date in
 * a child process; the S3 proxy freezes right after its k-th write (applied, never acknowledged)
 * and the child is killed with SIGKILL there, for every k. After each kill, every manifest must
 * describe exactly the objects under its keys and `latest.json` must name a manifest that exists.
 */
const bundle = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));
const DATE = "2026-09-10";
const EARLIER = "2026-09-09";
const pool = listedImages(21, 60);
const dataSets = [pool.slice(0, 40), pool.slice(15, 55)] as const;

describe.each(INVENTORY_STORES)("on %s", (store) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ images: [...dataSets[0]], store });
    await h.handler({ now: at(`${EARLIER}T15:00:00Z`) })({ date: EARLIER });
    await h.handler({ now: at(`${DATE}T15:00:00Z`) })({ date: DATE });
  });
  afterAll(() => h.close());

  /** Starts the bundle's handler on `{date}` in a fresh Node process, against the harness. */
  function startChild(): ChildProcess {
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
      await handler({ date: ${JSON.stringify(DATE)} });`;
    return spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...h.env("v1"), POWERTOOLS_LOG_LEVEL: "ERROR", POWERTOOLS_METRICS_DISABLED: "true" },
      stdio: ["ignore", "ignore", "pipe"],
    });
  }

  /** The invariant, read straight from s3rver. */
  async function expectInvariant(context: string) {
    const keys = await h.keys();
    const manifestKeys = keys.filter((key) => /manifests\/dt=.*\/manifest\.json$/.test(key));
    for (const key of manifestKeys) {
      const manifest = await h.json<Manifest>(key);
      await h.verifyManifest(manifest).catch((error: Error) => {
        throw new Error(`${context}: ${key} does not match its objects: ${error.message}`);
      });
    }
    if (keys.includes(`${PREFIX}latest.json`)) {
      const latest = await h.json<{ manifestKey: string }>(`${PREFIX}latest.json`);
      expect(manifestKeys, `${context}: latest.json names a missing manifest`).toContain(
        latest.manifestKey,
      );
    }
  }

  /** Puts the date back to "has a snapshot, is the latest" with a complete in-process re-run. */
  async function restore(data: 0 | 1) {
    h.proxy.thaw();
    h.sim.setImages(dataSets[data]);
    // An hour after the child (real time): its lock has expired and is taken over.
    await h.handler({ now: () => Date.now() + 3_600_000, env: { EXPORT_MAX_DROP_PCT: "0" } })({
      date: DATE,
    });
    expect(await h.json(`${PREFIX}latest.json`)).toMatchObject({ snapshotDate: DATE });
  }

  describe("a re-run killed with SIGKILL between any two S3 writes", () => {
    it("leaves every manifest true and latest.json on a manifest that exists", async () => {
      // A full re-run with the other data set first: how many writes a re-run makes.
      h.sim.setImages(dataSets[1]);
      const before = h.proxy.writes();
      const child = startChild();
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
      const total = h.proxy.writes() - before;
      expect(total).toBeGreaterThanOrEqual(5); // three objects, the manifest, latest.json at least
      await expectInvariant("after a complete re-run");

      let data = 0 as 0 | 1;
      for (let k = 1; k < total; k++) {
        await restore(data);
        data = data === 0 ? 1 : 0;
        h.sim.setImages(dataSets[data]);
        const frozen = h.proxy.freezeAfterWrites(k);
        const victim = startChild();
        const exited = once(victim, "exit");
        await Promise.race([frozen, exited]);
        victim.kill("SIGKILL");
        await exited;
        h.proxy.thaw();
        await expectInvariant(`killed after write ${k} of ${total}`);
      }
      // And the date can always be exported again afterwards.
      await restore(data);
      await expectInvariant("after the last restore");
    }, 120_000);
  });
});
