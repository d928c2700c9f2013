// GET /changes over snapshots the real export wrote of the simulator's evolving days: every
// parameter, paging walks, and the rows compared with the changes the test computes from the
// Images the simulator held each day.
import type { Image } from "@nhn-images/core";
import { describe, expect, it } from "vitest";
import { json } from "./helpers.ts";
import { DAYS, expectedChanges, INVENTORY_STORES, useInventory } from "./inventory-harness.ts";

describe.each(INVENTORY_STORES)("on %s", (store) => {
  const inventory = useInventory({ store });
  const get = inventory.get;

  interface Row {
    snapshotDate: string;
    change: string;
    id: string;
    region: string;
    name: string;
    fields: Record<string, { from: unknown; to: unknown }>;
  }

  /** The rows /changes must answer over [since, until], newest snapshot first, computed from the days. */
  function expectedRows(since: string, until: string) {
    const rows: (Omit<Row, "fields"> & { fields: string[] })[] = [];
    DAYS.forEach(([date], index) => {
      if (date < since || date > until) return;
      const before =
        index === 0 ? [] : (inventory.harness.held[DAYS[index - 1]?.[0] as string] as Image[]);
      const after = inventory.harness.held[date] as Image[];
      rows.unshift(
        ...expectedChanges(before, after).map((row) => ({ snapshotDate: date, ...row })),
      );
    });
    // unshift keeps each day's rows in (id, region) order and puts the newest day first.
    return rows;
  }

  const shape = (row: Row) => ({ ...row, fields: Object.keys(row.fields).sort() });

  /** Every page, following `page.next` with the cursor and the same `limit`. */
  async function walk(path: string): Promise<{ rows: Row[]; matched: number; pages: number }> {
    const limit = new URLSearchParams(path.split("?")[1]).get("limit") ?? "100";
    const rows: Row[] = [];
    let pages = 1;
    let body = json(await get(path));
    for (;;) {
      rows.push(...body.changes);
      if (body.page.next === null) return { rows, matched: body.page.matched, pages };
      pages++;
      body = json(
        await get(`/changes?limit=${limit}&cursor=${encodeURIComponent(body.page.next)}`),
      );
    }
  }

  describe("GET /changes", () => {
    it("answers the latest snapshot's changes by default, against the snapshot before it", async () => {
      const body = json(await get("/changes?limit=1000"));
      const expected = expectedRows("2026-10-05", "2026-10-05");
      expect(expected.some((row) => row.change === "changed")).toBe(true);
      expect(expected.some((row) => row.change === "removed")).toBe(true);
      expect(expected.some((row) => row.change === "added")).toBe(true);
      expect(body.changes.map(shape)).toEqual(expected);
      expect(body.page).toEqual({ limit: 1000, matched: expected.length, next: null });
    });

    it("walks a window of days page by page, newest snapshot first, each row once", async () => {
      const { rows, matched, pages } = await walk(
        "/changes?since=2026-10-02&until=2026-10-05&limit=7",
      );
      const expected = expectedRows("2026-10-02", "2026-10-05");
      expect(pages).toBeGreaterThan(3);
      expect(matched).toBe(expected.length);
      expect(rows.map(shape)).toEqual(expected);
    });

    it("says what a change was: the fields' old and new values, the name after it", async () => {
      const body = json(
        await get(
          "/changes?since=2026-10-01&until=2026-10-05&change=changed&field=name&limit=1000",
        ),
      );
      expect(body.changes.length).toBeGreaterThan(0);
      for (const row of body.changes as Row[]) {
        const index = DAYS.findIndex(([date]) => date === row.snapshotDate);
        const [previous] = DAYS[index - 1] as readonly [string, number];
        const before = (inventory.harness.held[previous] as Image[]).find(
          (i) => i.id === row.id && i.region === row.region,
        ) as Image;
        const after = (inventory.harness.held[row.snapshotDate] as Image[]).find(
          (i) => i.id === row.id && i.region === row.region,
        ) as Image;
        expect(row.fields.name).toEqual({ from: before.name, to: after.name });
        expect(row.name).toBe(after.name);
      }
    });

    it("filters by change, id, region, name and field, ANDed", async () => {
      const all = expectedRows("2026-10-01", "2026-10-05");
      const window = "since=2026-10-02&until=2026-10-05&limit=1000";
      const cases: [string, (row: (typeof all)[number]) => boolean][] = [
        ["change=removed,added", (r) => r.change === "removed" || r.change === "added"],
        ["region=jp1", (r) => r.region === "JP1"],
        ["field=status", (r) => r.change === "changed" && r.fields.includes("status")],
        [
          "field=tags,status&region=KR1",
          (r) =>
            r.change === "changed" &&
            r.region === "KR1" &&
            (r.fields.includes("status") || r.fields.includes("tags")),
        ],
        ["name=*ubuntu*", (r) => /ubuntu/i.test(r.name)],
      ];
      for (const [filter, keep] of cases) {
        const expected = all.filter((r) => r.snapshotDate >= "2026-10-02").filter(keep);
        expect(expected.length, filter).toBeGreaterThan(0);
        const body = json(await get(`/changes?${window}&${filter}`));
        expect(body.changes.map(shape), filter).toEqual(expected);
      }
      const one = all.find((r) => r.change === "changed") as (typeof all)[number];
      const byId = json(await get(`/changes?since=2026-10-01&until=2026-10-05&id=${one.id},nope`));
      expect(byId.changes.map((r: Row) => r.id)).toEqual(
        all.filter((r) => r.id === one.id).map((r) => r.id),
      );
    });

    it("answers a window without snapshots with no rows, and NDJSON and CSV with paging headers", async () => {
      expect(json(await get("/changes?since=2026-10-04&until=2026-10-04")).changes).toEqual([]);
      const ndjson = await get("/changes?since=2026-10-02&until=2026-10-03&format=ndjson&limit=5");
      const lines = ndjson.body
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength(5);
      expect(ndjson.headers["x-total-count"]).toBe(
        String(expectedRows("2026-10-02", "2026-10-03").length),
      );
      expect(ndjson.headers["x-next-cursor"]).toBeDefined();
      const csv = await get("/changes?change=changed&limit=2", { accept: "text/csv" });
      const [header, first] = csv.body.split("\r\n");
      expect(header).toBe("snapshotDate,change,id,region,name,fields");
      expect(first).toMatch(/^2026-10-05,changed,/);
      const again = await get("/changes?change=changed&limit=2", {
        accept: "text/csv",
        "if-none-match": csv.headers.etag as string,
      });
      expect(again.statusCode).toBe(304);
    });

    it("keeps the window a cursor resolved, and refuses one sent with other parameters", async () => {
      const first = json(await get("/changes?limit=3"));
      const next = json(
        await get(`/changes?cursor=${encodeURIComponent(first.page.next)}&limit=3`),
      );
      expect(next.changes[0].snapshotDate).toBe("2026-10-05");
      const same = await get(
        `/changes?since=2026-10-05&cursor=${encodeURIComponent(first.page.next)}`,
      );
      expect(same.statusCode).toBe(200);
      const other = json(
        await get(`/changes?change=added&cursor=${encodeURIComponent(first.page.next)}`),
      );
      expect(other.issues).toEqual([
        { param: "cursor", message: expect.stringMatching(/different/) },
      ]);
    });

    it("names every bad parameter at once", async () => {
      const body = json(
        await get(
          "/changes?since=2026-10-09&until=2026-10-01&change=renamed&field=id&region=EU1&limit=0&colour=red",
        ),
      );
      expect(body.status).toBe(400);
      expect(body.issues.map((i: { param: string }) => i.param).sort()).toEqual(
        ["change", "colour", "field", "limit", "region"].sort(),
      );
      const order = json(await get("/changes?since=2026-10-09&until=2026-10-01"));
      expect(order.issues).toEqual([{ param: "since", message: "is after until (2026-10-01)" }]);
      // since defaults to the latest snapshot's date (2026-10-05): an earlier until alone is no window.
      const alone = json(await get("/changes?until=2026-10-03"));
      expect(alone.issues).toEqual([
        { param: "until", message: expect.stringMatching(/2026-10-05.*give since too/) },
      ]);
      expect(json(await get("/changes?since=2026-10-03")).changes.length).toBeGreaterThan(0);
      // `field` keeps only changed rows: with a change that leaves them out it is a mistake.
      for (const change of ["added", "added,removed"]) {
        const mismatch = await get(`/changes?field=status&change=${change}`);
        expect(mismatch.statusCode).toBe(400);
        expect(json(mismatch).issues).toEqual([
          { param: "field", message: `keeps only changed rows, which change=${change} leaves out` },
        ]);
      }
      expect((await get("/changes?field=status&change=added,changed")).statusCode).toBe(200);
      expect(json(await get("/changes?colour=red")).issues[0].message).toMatch(
        /known: since, until, change, id, region, name, field, limit, cursor, format/,
      );
    });
  });
});
