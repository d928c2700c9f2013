import { gunzipSync } from "node:zlib";
import { compareCodePoints, createImageClient, Image, loadConfig } from "@nhn-images/core";
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
      const result = await h.handler({ apiVersion, now: at(`${date}T15:00:03Z`) })({
        source: "aws.events",
        "detail-type": "Scheduled Event",
        time: `${date}T15:00:00Z`,
      });
      expect(result).toMatchObject({ snapshotDate: date, images: 2501 });

      const keys = await h.keys();
      for (const key of [
        `images/dt=${date}/images.ndjson.gz`,
        `images/dt=${date}/images.csv.gz`,
        `changes/dt=${date}/changes.ndjson.gz`,
        `manifests/dt=${date}/manifest.json`,
        "latest.json",
      ]) {
        expect(keys).toContain(`${PREFIX}${key}`);
      }

      const manifest = await h.manifest(date);
      await h.verifyManifest(manifest);
      expect(manifest).toMatchObject({
        schemaVersion: 1,
        snapshotDate: date,
        runId: expect.any(String),
        startedAt: `${date}T15:00:03.000Z`,
        source: { api: apiVersion, region: "KR1" },
        counts: { images: 2501 },
      });
      expect(manifest.objects.map((o) => o.records)).toEqual([
        2501,
        2501,
        manifest.changes.added + manifest.changes.removed + manifest.changes.changed,
      ]);

      const images = await h.ndjson<Image>(`${PREFIX}images/dt=${date}/images.ndjson.gz`);
      for (const image of images) expect(Image.parse(image)).toEqual(image);
      const upstream = await createImageClient(loadConfig(h.env(apiVersion))).listAllImages();
      expect(images).toEqual(upstream.sort((a, b) => compareCodePoints(a.id, b.id)));

      const csv = gunzipSync(await h.bytes(`${PREFIX}images/dt=${date}/images.csv.gz`)).toString(
        "utf8",
      );
      const rows = csv.split("\r\n").filter((row) => row !== "");
      expect(rows[0]).toBe(
        "id,name,status,diskFormat,isPublic,protected,minDisk,minRam,size,properties,createdAt,updatedAt",
      );
      expect(rows).toHaveLength(2502);

      const counts = manifest.counts;
      expect(Object.values(counts.byStatus).reduce((a, b) => a + b, 0)).toBe(2501);
      expect(Object.values(counts.byDiskFormat).reduce((a, b) => a + b, 0)).toBe(2501);
      expect(counts.public + counts.private).toBe(2501);
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
