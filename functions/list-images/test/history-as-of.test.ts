// GET /images?asOf= and GET /images/{id}?asOf= over snapshots the real export wrote of the
// simulator's evolving days, answers compared with the Images the simulator held each day.
import type { Image } from "@nhn-images/core";
import { describe, expect, it } from "vitest";
import { countedByHand, pickedByHand } from "./family-oracle.ts";
import { json } from "./helpers.ts";
import { DAYS, INVENTORY_STORES, snapshotDateFor, useInventory } from "./inventory-harness.ts";

describe.each(INVENTORY_STORES)("on %s", (store) => {
  const inventory = useInventory({ store });
  const get = inventory.get;

  /** Every page of a query, following `page.next` with the cursor alone. */
  async function walk(path: string) {
    const rows: Image[] = [];
    const sources: unknown[] = [];
    let response = json(await get(path));
    for (;;) {
      rows.push(...response.images);
      sources.push(response.source);
      if (response.page.next === null) return { rows, sources, matched: response.page.matched };
      response = json(await get(`/images?cursor=${encodeURIComponent(response.page.next)}`));
    }
  }

  const key = (image: Pick<Image, "id" | "region">) => `${image.region}/${image.id}`;

  describe("GET /images?asOf=", () => {
    it("answers every day from the newest snapshot on or before it, image for image", async () => {
      for (const date of [...DAYS.map(([d]) => d), "2026-10-04", "2026-12-31"]) {
        const snapshot = snapshotDateFor(date) as string;
        const body = json(await get(`/images?asOf=${date}&limit=1000&sort=createdAt:asc`));
        const expected = inventory.harness.held[snapshot] as Image[];
        expect(body.source).toEqual({
          snapshotDate: snapshot,
          manifestKey: `nhn-images/manifests/dt=${snapshot}/manifest.json`,
          api: "v2",
          regions: ["KR1", "JP1"],
        });
        expect(body.page.matched).toBe(expected.length);
        const byKey = new Map(expected.map((image) => [key(image), image]));
        expect(body.images).toHaveLength(expected.length);
        for (const image of body.images) expect(image).toEqual(byKey.get(key(image)));
        const created = body.images.map((image: Image) => image.createdAt);
        expect(created).toEqual([...created].sort());
      }
    });

    it("applies every filter, sort and projection of the live list to the snapshot", async () => {
      const date = "2026-10-03";
      const body = json(
        await get(
          `/images?asOf=${date}&status=active&region=JP1&visibility=private,public&sort=name:desc&fields=name,status&limit=1000`,
        ),
      );
      const expected = (inventory.harness.held[date] as Image[])
        .filter(
          (i) =>
            i.status === "active" &&
            i.region === "JP1" &&
            ["private", "public"].includes(i.visibility),
        )
        .sort((a, b) =>
          a.name < b.name ? 1 : a.name > b.name ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
        )
        .map((i) => ({ id: i.id, region: i.region, name: i.name, status: i.status }));
      expect(expected.length).toBeGreaterThan(10);
      expect(body.images).toEqual(expected);
    });

    it("pages with cursors that remember asOf, returning each image once", async () => {
      const date = "2026-10-02";
      const { rows, sources, matched } = await walk(`/images?asOf=${date}&limit=37&sort=name`);
      const expected = inventory.harness.held[date] as Image[];
      expect(matched).toBe(expected.length);
      expect(rows).toHaveLength(expected.length);
      expect(new Set(rows.map(key)).size).toBe(expected.length);
      for (const source of sources) expect(source).toMatchObject({ snapshotDate: date });
    });

    it("refuses a cursor sent with another asOf, names a bad day, and 404s before the first snapshot", async () => {
      const first = json(await get("/images?asOf=2026-10-02&limit=5"));
      const other = json(
        await get(`/images?asOf=2026-10-03&limit=5&cursor=${encodeURIComponent(first.page.next)}`),
      );
      expect(other.status).toBe(400);
      expect(other.issues[0].param).toBe("cursor");

      for (const bad of ["2026-02-30", "9999-99-99", "yesterday", "2026-10-01T00:00:00Z"]) {
        const response = await get(`/images?asOf=${encodeURIComponent(bad)}`);
        expect(response.statusCode).toBe(400);
        expect(json(response).issues).toEqual([{ param: "asOf", message: expect.any(String) }]);
      }

      const before = await get("/images?asOf=2026-09-30");
      expect(before.statusCode).toBe(404);
      expect(json(before)).toMatchObject({
        type: "urn:nhn-images:problem:snapshot-not-found",
        detail: expect.stringContaining("2026-10-01"),
      });
    });

    it("negotiates NDJSON and CSV and answers 304 to its own ETag", async () => {
      const date = "2026-10-05";
      const ndjson = await get(`/images?asOf=${date}&format=ndjson&limit=1000`);
      const lines = ndjson.body
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength((inventory.harness.held[date] as Image[]).length);
      expect(ndjson.headers["x-total-count"]).toBe(String(lines.length));
      const csv = await get(`/images?asOf=${date}&fields=name&limit=3`, { accept: "text/csv" });
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
      expect(csv.body.split("\r\n")[0]).toBe("id,name,region");
      const again = await get(`/images?asOf=${date}&fields=name&limit=3`, {
        accept: "text/csv",
        "if-none-match": csv.headers.etag as string,
      });
      expect(again.statusCode).toBe(304);
    });
  });

  describe("GET /images/latest?asOf= and GET /families?asOf=", () => {
    it("answers each day's newest release of every family as that day's snapshot held them", async () => {
      const changed = new Set<string>();
      const previous = new Map<string, string>();
      for (const [date] of DAYS) {
        const held = inventory.harness.held[date] as Image[];
        const families = await get(`/families?asOf=${date}&limit=1000`);
        expect(json(families).families).toEqual(countedByHand(held));
        expect(json(families).source).toMatchObject({ snapshotDate: date });
        for (const row of countedByHand(held)) {
          if (row.latest === null || row.family === "") continue;
          const query = `family=${encodeURIComponent(row.family)}&region=${row.region}`;
          const latest = json(await get(`/images/latest?asOf=${date}&${query}`));
          expect(latest).toEqual(
            pickedByHand(
              held.filter((i) => i.region === row.region),
              row.family,
            ),
          );
          const key = `${row.region} ${row.family}`;
          if (previous.has(key) && previous.get(key) !== latest.id) changed.add(key);
          previous.set(key, latest.id);
        }
      }
      // The simulator releases public images day by day: some family's latest moved.
      expect(changed.size).toBeGreaterThan(0);
    });

    it("needs a region over a snapshot of several, and 404s before the first snapshot", async () => {
      const refused = await get("/images/latest?asOf=2026-10-05&family=Rocky%20Linux%209.7");
      expect(refused.statusCode).toBe(400);
      expect(json(refused).issues[0].param).toBe("region");
      const before = await get("/families?asOf=2026-09-30");
      expect(before.statusCode).toBe(404);
    });
  });

  describe("GET /images/{id}?asOf=", () => {
    it("answers an image as that snapshot held it, and 404s where it did not exist yet", async () => {
      const added = (inventory.harness.held["2026-10-05"] as Image[]).find(
        (image) =>
          !(inventory.harness.held["2026-10-01"] as Image[]).some((old) => old.id === image.id),
      ) as Image;
      const now = json(await get(`/images/${added.id}?asOf=2026-10-05&region=${added.region}`));
      expect(now).toEqual(added);
      const then = await get(`/images/${added.id}?asOf=2026-10-01&region=${added.region}`);
      expect(then.statusCode).toBe(404);
    });
  });
});
