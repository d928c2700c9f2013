// GET /snapshots and GET /images/{id}/history over snapshots the real export wrote of the
// simulator's evolving days, compared with what the test computes from each day's Images.
import type { Image } from "@nhn-images/core";
import { describe, expect, it } from "vitest";
import { httpApiEvent, json } from "./helpers.ts";
import { DAYS, differingFields, INVENTORY_STORES, useInventory } from "./inventory-harness.ts";

describe.each(INVENTORY_STORES)("on %s", (store) => {
  const inventory = useInventory({ store });
  const get = inventory.get;

  const dates = DAYS.map(([date]) => date);
  const held = (date: string, id: string, region: string) =>
    (inventory.harness.held[date] as Image[]).find((i) => i.id === id && i.region === region);

  /** An image's history as the test computes it from the days' Images. */
  function expectedHistory(id: string, region: string) {
    const present = dates.filter((date) => held(date, id, region) !== undefined);
    const changes: { snapshotDate: string; change: string; fields: string[] }[] = [];
    dates.forEach((date, index) => {
      const before = index === 0 ? undefined : held(dates[index - 1] as string, id, region);
      const after = held(date, id, region);
      if (before === undefined && after !== undefined)
        changes.unshift({ snapshotDate: date, change: "added", fields: [] });
      if (before !== undefined && after === undefined)
        changes.unshift({ snapshotDate: date, change: "removed", fields: [] });
      if (before !== undefined && after !== undefined) {
        const fields = differingFields(before, after);
        if (fields.length > 0) changes.unshift({ snapshotDate: date, change: "changed", fields });
      }
    });
    return {
      id,
      region,
      firstSeen: present[0],
      lastSeen: present.at(-1),
      present: present.at(-1) === dates.at(-1),
      changes,
    };
  }

  describe("GET /snapshots", () => {
    it("lists every snapshot newest first with its manifest's counts and changes, paged", async () => {
      const first = json(await get("/snapshots?limit=3"));
      expect(first.snapshots.map((s: { snapshotDate: string }) => s.snapshotDate)).toEqual([
        "2026-10-05",
        "2026-10-03",
        "2026-10-02",
      ]);
      expect(first.page.matched).toBe(4);
      const rest = json(await get(`/snapshots?cursor=${encodeURIComponent(first.page.next)}`));
      expect(rest.snapshots.map((s: { snapshotDate: string }) => s.snapshotDate)).toEqual([
        "2026-10-01",
      ]);
      expect(rest.page.next).toBeNull();
      for (const snapshot of [...first.snapshots, ...rest.snapshots]) {
        const images = inventory.harness.held[snapshot.snapshotDate] as Image[];
        expect(snapshot.manifestKey).toBe(
          `nhn-images/manifests/dt=${snapshot.snapshotDate}/manifest.json`,
        );
        expect(snapshot.counts.images).toBe(images.length);
        expect(snapshot.counts.byRegion).toEqual({
          JP1: images.filter((i) => i.region === "JP1").length,
          KR1: images.filter((i) => i.region === "KR1").length,
        });
        expect(Object.keys(snapshot)).toEqual(["snapshotDate", "manifestKey", "counts", "changes"]);
      }
      expect(rest.snapshots[0].changes).toEqual({
        added: (inventory.harness.held["2026-10-01"] as Image[]).length,
        removed: 0,
        changed: 0,
      });
    });

    it("answers CSV with the figures flat and 304 to its ETag", async () => {
      const csv = await get("/snapshots?format=csv");
      const [header, newest] = csv.body.split("\r\n");
      expect(header).toBe(
        "snapshotDate,manifestKey,images,public,private,totalBytes,added,removed,changed,byStatus,byDiskFormat,byRegion,byVisibility",
      );
      expect(newest).toMatch(
        new RegExp(
          `^2026-10-05,nhn-images/manifests/dt=2026-10-05/manifest.json,${(inventory.harness.held["2026-10-05"] as Image[]).length},`,
        ),
      );
      const again = await get("/snapshots?format=csv", {
        "if-none-match": csv.headers.etag as string,
      });
      expect(again.statusCode).toBe(304);
      expect(json(await get("/snapshots?since=2026-10-01")).issues[0]).toMatchObject({
        param: "since",
      });
    });
  });

  describe("GET /images/{id}/history", () => {
    /** Images of the days with a given history: renamed, removed, added later, untouched. */
    function pick(test: (history: ReturnType<typeof expectedHistory>) => boolean) {
      for (const date of dates) {
        for (const image of inventory.harness.held[date] as Image[]) {
          const history = expectedHistory(image.id, image.region);
          if (test(history)) return history;
        }
      }
      throw new Error("the simulated days hold no such image");
    }

    it("says when an image was first and last seen, and how it changed, newest first", async () => {
      const cases = [
        pick((x) => x.changes.some((c) => c.fields.includes("name"))),
        pick((x) => x.changes.some((c) => c.fields.includes("status"))),
        pick((x) => !x.present),
        pick((x) => x.firstSeen !== "2026-10-01"),
        pick((x) => x.changes.length === 1 && x.present),
      ];
      for (const expected of cases) {
        const body = json(await get(`/images/${expected.id}/history?region=${expected.region}`));
        expect({
          ...body,
          changes: body.changes.map((c: { fields: object }) => ({
            ...c,
            fields: Object.keys(c.fields).sort(),
          })),
          page: undefined,
        }).toEqual({ ...expected, page: undefined, skipped: [] });
        expect(body.page).toEqual({ limit: 100, matched: expected.changes.length, next: null });
      }
    });

    it("tells the old and new value of a rename, pages its changes, and finds the region alone", async () => {
      const renamed = pick((x) => x.changes.some((c) => c.fields.includes("name")));
      const change = renamed.changes.find((c) => c.fields.includes("name")) as {
        snapshotDate: string;
      };
      const body = json(await get(`/images/${renamed.id}/history`));
      expect(body.region).toBe(renamed.region);
      const index = dates.indexOf(change.snapshotDate);
      const row = body.changes.find(
        (c: { snapshotDate: string }) => c.snapshotDate === change.snapshotDate,
      );
      expect(row.fields.name).toEqual({
        from: held(dates[index - 1] as string, renamed.id, renamed.region)?.name,
        to: held(change.snapshotDate, renamed.id, renamed.region)?.name,
      });
      const walked: unknown[] = [];
      let page = json(await get(`/images/${renamed.id}/history?limit=1`));
      for (;;) {
        walked.push(...page.changes);
        if (page.page.next === null) break;
        page = json(
          await get(
            `/images/${renamed.id}/history?limit=1&cursor=${encodeURIComponent(page.page.next)}`,
          ),
        );
      }
      expect(walked).toEqual(body.changes);
      const ndjson = await get(`/images/${renamed.id}/history?format=ndjson`);
      expect(
        ndjson.body
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line)),
      ).toEqual(body.changes);
    });

    it("answers 404 for an id no snapshot held, 400 for bad parameters", async () => {
      const missing = await get("/images/no-such-image/history");
      expect(missing.statusCode).toBe(404);
      expect(json(missing).detail).toMatch(/No snapshot ever held image "no-such-image"/);
      const image = (inventory.harness.held["2026-10-01"] as Image[])[0] as Image;
      const elsewhere = await get(
        `/images/${image.id}/history?region=${image.region === "KR1" ? "KR2" : "KR1"}`,
      );
      expect(elsewhere.statusCode).toBe(404);
      const bad = json(
        await get(`/images/${image.id}/history?region=XX1&limit=5000&asOf=2026-10-01`),
      );
      expect(bad.issues.map((i: { param: string }) => i.param).sort()).toEqual([
        "asOf",
        "limit",
        "region",
      ]);
    });
  });

  describe("the history routes behind a catch-all route", () => {
    it("are routed by their path's last segments, and an image named like a route stays an image", async () => {
      const { handle } = inventory.harness.handler();
      const viaDefault = (path: string) => {
        const event = httpApiEvent(path);
        event.routeKey = "$default";
        event.pathParameters = undefined;
        event.rawPath = `/prod${path.split("?")[0]}`;
        return handle(event);
      };
      expect(json(await viaDefault("/snapshots")).snapshots).toHaveLength(4);
      expect(json(await viaDefault("/changes")).page.matched).toBeGreaterThan(0);
      const image = (inventory.harness.held["2026-10-05"] as Image[])[0] as Image;
      const history = json(await viaDefault(`/images/${image.id}/history`));
      expect(history).toMatchObject({ id: image.id, region: image.region });
      const named = json(await viaDefault("/images/snapshots"));
      expect(named).toMatchObject({ status: 404, type: "urn:nhn-images:problem:image-not-found" });
    });
  });
});
