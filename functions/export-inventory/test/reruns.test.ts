import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";
import { INVENTORY_STORES } from "./inventory-stores.ts";

describe.each(INVENTORY_STORES)("on %s", (store) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ store });
  });
  afterAll(() => h.close());

  const pool = listedImages(8, 40);
  const images = (from: number, to: number) => pool.slice(from, to);
  const run = (date: string, nowIso = `${date}T15:30:00Z`, force?: boolean) =>
    h.handler({ now: at(nowIso) })(force === undefined ? { date } : { date, force });

  describe("re-runs and backfills", () => {
    it("a re-run of a date overwrites the same keys with the same content", async () => {
      h.sim.setImages(images(0, 30));
      await run("2026-10-10");
      const first = await h.manifest("2026-10-10");
      const keysBefore = await h.keys();
      await run("2026-10-10", "2026-10-11T09:00:00Z");
      const second = await h.manifest("2026-10-10");
      expect(await h.keys()).toEqual(keysBefore);
      expect(second.runId).not.toBe(first.runId);
      expect(second.objects.map((o) => o.sha256)).toEqual(first.objects.map((o) => o.sha256));
      expect(second.previousSnapshotDate).toBeNull();
    });

    it("a later day diffs against the newest earlier snapshot", async () => {
      h.sim.setImages(images(5, 35));
      await run("2026-10-20");
      const manifest = await h.manifest("2026-10-20");
      expect(manifest.previousSnapshotDate).toBe("2026-10-10");
      expect(manifest.changes).toMatchObject({ added: 5, removed: 5 });
    });

    it("a backfill of an earlier date diffs against the day before it and leaves latest.json alone", async () => {
      h.sim.setImages(images(2, 32));
      await run("2026-10-15", "2026-11-26T10:00:00Z");
      const manifest = await h.manifest("2026-10-15");
      expect(manifest.previousSnapshotDate).toBe("2026-10-10");
      expect(manifest.changes).toMatchObject({ added: 2, removed: 2 });
      expect(await h.json(`${PREFIX}latest.json`)).toEqual({
        snapshotDate: "2026-10-20",
        manifestKey: `${PREFIX}manifests/dt=2026-10-20/manifest.json`,
      });
    });

    it("a re-run of the latest date keeps latest.json on it", async () => {
      await run("2026-10-20", "2026-11-26T11:00:00Z");
      expect(await h.json(`${PREFIX}latest.json`)).toMatchObject({ snapshotDate: "2026-10-20" });
    });

    it("a snapshot that drops more than EXPORT_MAX_DROP_PCT is refused, and nothing is written", async () => {
      h.sim.setImages(images(0, 14)); // 30 → 14: 53% fewer
      const before = await h.keys();
      await expect(run("2026-10-25")).rejects.toThrow(
        /has 14 images, 53\.3% fewer than the 30 of 2026-10-20 \(EXPORT_MAX_DROP_PCT is 50\); nothing was written.*"force":true/,
      );
      expect(await h.keys()).toEqual(before);
      expect(h.proxy.openUploads()).toEqual([]);
      // 15 of 30 is exactly 50%: allowed.
      h.sim.setImages(images(0, 15));
      await expect(
        h.handler({ now: at("2026-10-25T15:30:00Z"), env: { EXPORT_MAX_DROP_PCT: "49" } })({
          date: "2026-10-25",
        }),
      ).rejects.toThrow(/EXPORT_MAX_DROP_PCT is 49/);
    });

    it("zero images is a valid snapshot when forced: empty files and a manifest", async () => {
      h.sim.setImages(0);
      await run("2026-10-25", undefined, true);
      const manifest = await h.manifest("2026-10-25");
      await h.verifyManifest(manifest);
      expect(manifest.counts).toEqual({
        images: 0,
        byStatus: {},
        byDiskFormat: {},
        byRegion: {},
        byVisibility: {},
        public: 0,
        private: 0,
        totalBytes: 0,
      });
      expect(manifest.changes).toEqual({ added: 0, removed: 30, changed: 0 });
      expect(await h.ndjson(`${PREFIX}ndjson/images/dt=2026-10-25/images.ndjson.gz`)).toEqual([]);
      expect(manifest.objects.map((o) => o.records)).toEqual([0, 30, 0, 30, 0]);
    });
  });

  describe("events", () => {
    it.each([
      [{ date: "2026-13-01" }, /calendar date/],
      [{ date: "26-11-01" }, /YYYY-MM-DD/],
      [{ date: "2026-11-01", extra: true }, /neither/],
      [{ detail: "something else" }, /neither/],
      [null, /neither/],
      [{ date: "2999-01-01" }, /after today/],
      [{ date: "1999-12-31" }, /2000-01-01 or later/],
      [{ date: "2026-11-01", force: "yes" }, /neither/],
    ])("%j is refused before anything is written", async (event, message) => {
      const before = await h.keys();
      await expect(h.handler({ now: at("2026-11-26T15:00:00Z") })(event)).rejects.toThrow(message);
      expect(await h.keys()).toEqual(before);
    });

    it("a missing INVENTORY_BUCKET is a ConfigError naming it", async () => {
      await expect(
        h.handler({ env: { INVENTORY_BUCKET: "" } })({ date: "2026-11-01" }),
      ).rejects.toThrow(/INVENTORY_BUCKET/);
    });

    it("the schedule snapshots the run's start date in UTC", async () => {
      h.sim.setImages(images(0, 3));
      const result = await h.handler({
        now: at("2026-11-26T15:00:07Z"),
        env: { EXPORT_MAX_DROP_PCT: "0" },
      })({
        version: "0",
        id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
        "detail-type": "Scheduled Event",
        source: "aws.events",
        account: "123456789012",
        time: "2026-11-26T15:00:00Z",
        region: "ap-northeast-2",
        resources: ["arn:aws:events:ap-northeast-2:123456789012:rule/nightly"],
        detail: {},
      });
      expect(result.snapshotDate).toBe("2026-11-26");
    });

    it("emits metrics for images, changes, bytes and duration", async () => {
      const names = h.metrics.map((m) => m.name);
      for (const name of [
        "ImagesExported",
        "ImagesAdded",
        "ImagesRemoved",
        "ImagesChanged",
        "BytesWritten",
        "ExportDuration",
      ]) {
        expect(names).toContain(name);
      }
    });
  });
});
