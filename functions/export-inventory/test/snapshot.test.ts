import { gunzipSync } from "node:zlib";
import { compareIdThenRegion, createImageClient, Image, loadConfig } from "@nhn-images/core";
import { DEMO_PROJECT } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ images: 2501 });
});
afterAll(() => h.close());

describe("a snapshot of 2,501 images", () => {
  it.each(["v1", "v2"] as const)(
    "writes every object, a manifest that matches them, and latest.json over %s",
    async (apiVersion) => {
      const date = apiVersion === "v1" ? "2026-11-20" : "2026-11-21";
      const listed = h.sim.listable({ api: apiVersion }).length;
      const result = await h.handler({ apiVersion, now: at(`${date}T15:00:03Z`) })({
        source: "aws.events",
        "detail-type": "Scheduled Event",
        time: `${date}T15:00:00Z`,
      });
      expect(result).toMatchObject({ snapshotDate: date, images: listed });

      const keys = await h.keys();
      for (const key of [
        `parquet/images/dt=${date}/images.parquet`,
        `parquet/changes/dt=${date}/changes.parquet`,
        `ndjson/images/dt=${date}/images.ndjson.gz`,
        `csv/images/dt=${date}/images.csv.gz`,
        `ndjson/changes/dt=${date}/changes.ndjson.gz`,
        `manifests/dt=${date}/manifest.json`,
        "latest.json",
      ]) {
        expect(keys).toContain(`${PREFIX}${key}`);
      }

      const manifest = await h.manifest(date);
      await h.verifyManifest(manifest);
      expect(manifest).toMatchObject({
        schemaVersion: 2,
        snapshotDate: date,
        runId: expect.any(String),
        startedAt: `${date}T15:00:03.000Z`,
        source: {
          api: apiVersion,
          regions: ["KR1"],
          projects: apiVersion === "v1" ? [] : [DEMO_PROJECT.id],
        },
        counts: { images: listed, byRegion: { KR1: listed } },
      });
      const changes = manifest.changes.added + manifest.changes.removed + manifest.changes.changed;
      expect(manifest.objects.map((o) => [o.key, o.records])).toEqual([
        [`${PREFIX}parquet/images/dt=${date}/images.parquet`, listed],
        [`${PREFIX}parquet/changes/dt=${date}/changes.parquet`, changes],
        [`${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`, listed],
        [`${PREFIX}ndjson/changes/dt=${date}/changes.ndjson.gz`, changes],
        [`${PREFIX}csv/images/dt=${date}/images.csv.gz`, listed],
      ]);

      const images = await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`);
      for (const image of images) expect(Image.parse(image)).toEqual(image);
      const upstream = await createImageClient(loadConfig(h.env(apiVersion))).listAllImages();
      expect(images).toEqual(upstream.sort(compareIdThenRegion));

      const csv = gunzipSync(
        await h.bytes(`${PREFIX}csv/images/dt=${date}/images.csv.gz`),
      ).toString("utf8");
      const rows = csv.split("\r\n").filter((row) => row !== "");
      expect(rows[0]).toBe(
        "id,name,status,diskFormat,isPublic,protected,minDisk,minRam,size,properties,createdAt,updatedAt,visibility,owner,tags,region,hidden,family",
      );
      expect(rows).toHaveLength(listed + 1);

      const counts = manifest.counts;
      const sum = (record: Record<string, number>) =>
        Object.values(record).reduce((a, b) => a + b, 0);
      expect(sum(counts.byStatus)).toBe(listed);
      expect(sum(counts.byDiskFormat)).toBe(listed);
      expect(sum(counts.byVisibility)).toBe(listed);
      expect(counts.public + counts.private).toBe(listed);
      expect(counts.byVisibility.public).toBe(counts.public);
      expect(counts.totalBytes).toBe(images.reduce((sum, i) => sum + (i.size ?? 0), 0));
      expect(counts.byStatus).toEqual(
        Object.fromEntries(
          [...new Set(images.map((i) => i.status))].map((s) => [
            s,
            images.filter((i) => i.status === s).length,
          ]),
        ),
      );
      expect(await h.json(`${PREFIX}latest.json`)).toEqual({
        snapshotDate: date,
        manifestKey: `${PREFIX}manifests/dt=${date}/manifest.json`,
      });
    },
  );
});
