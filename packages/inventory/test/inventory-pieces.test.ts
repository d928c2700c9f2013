// The small parts of reading the inventory: the day parameter, the manifest as a snapshot (both
// schema versions), the weighted cache, and the cursors of the history routes.

import { calendarDate, type Image } from "@nhn-images/core";
import { describe, expect, it } from "vitest";
import type { ImageChange } from "../src/diff/image-change.ts";
import { runChangesQuery } from "../src/history/changes-page.ts";
import { parseChangesQuery } from "../src/history/changes-query.ts";
import type { HistorySource } from "../src/history/history-source.ts";
import { parseImageHistoryQuery, runImageHistoryQuery } from "../src/history/image-history.ts";
import { parseSnapshotsQuery } from "../src/history/snapshots-query.ts";
import { inventoryLayout } from "../src/layout/layout.ts";
import { type Snapshot, snapshotOf } from "../src/layout/snapshot.ts";
import { WeightedCache } from "../src/reader/weighted-cache.ts";

const layout = inventoryLayout("p/");
const object = (key: string) => ({ key, records: 1, bytes: 10, sha256: "a".repeat(64) });
const counts = { images: 1, byStatus: {}, byDiskFormat: {}, public: 0, private: 1, totalBytes: 0 };
const base = {
  snapshotDate: "2026-10-02",
  runId: "r",
  startedAt: "2026-10-02T15:00:00.000Z",
  finishedAt: "2026-10-02T15:00:01.000Z",
  previousSnapshotDate: "2026-10-01",
  changes: { added: 1, removed: 0, changed: 0 },
};

describe("calendarDate", () => {
  it("takes days of the calendar and names what is wrong with anything else, never throwing", () => {
    for (const day of ["2026-10-01", "2024-02-29", "2000-01-01"]) {
      expect(calendarDate.safeParse(day).success, day).toBe(true);
    }
    for (const [text, message] of [
      ["2026-02-30", "is not a calendar date"],
      ["2025-02-29", "is not a calendar date"],
      ["9999-99-99", "is not a calendar date"],
      ["2026-1-01", "must be YYYY-MM-DD"],
      ["2026-10-01T00:00:00Z", "must be YYYY-MM-DD"],
    ]) {
      const result = calendarDate.safeParse(text);
      expect(
        result.error?.issues.map((i) => i.message),
        text,
      ).toEqual([message]);
    }
  });
});

describe("snapshotOf", () => {
  it("reads a current manifest's NDJSON objects and regions", () => {
    const snapshot = snapshotOf(layout, "2026-10-02", "p/manifests/dt=2026-10-02/manifest.json", {
      ...base,
      schemaVersion: 2,
      source: { api: "v2", regions: ["KR1", "JP1"], projects: ["t"] },
      counts: { ...counts, byRegion: { KR1: 1 }, byVisibility: { private: 1 } },
      objects: [
        object("p/ndjson/images/dt=2026-10-02/images.ndjson.gz"),
        object("p/ndjson/changes/dt=2026-10-02/changes.ndjson.gz"),
      ],
    });
    expect(snapshot.source.regions).toEqual(["KR1", "JP1"]);
    expect(snapshot.imagesObject.key).toBe("p/ndjson/images/dt=2026-10-02/images.ndjson.gz");
    expect(snapshot.changesObject.key).toBe("p/ndjson/changes/dt=2026-10-02/changes.ndjson.gz");
  });

  it("reads the manifest of a million images whose sizes sum past 2^53 bytes (as the export writes it)", () => {
    // A million of the simulator's images hold 10.8 PB: JSON keeps the sum, not to the byte.
    const totalBytes = 10_829_250_970_111_104;
    expect(Number.isSafeInteger(totalBytes)).toBe(false);
    const stored = JSON.parse(
      JSON.stringify({
        ...base,
        schemaVersion: 2,
        source: { api: "v2", regions: ["KR1"], projects: ["t"] },
        counts: { ...counts, byRegion: { KR1: 1 }, byVisibility: { private: 1 }, totalBytes },
        objects: [
          object("p/ndjson/images/dt=2026-10-02/images.ndjson.gz"),
          object("p/ndjson/changes/dt=2026-10-02/changes.ndjson.gz"),
        ],
      }),
    );
    const snapshot = snapshotOf(layout, "2026-10-02", "k", stored);
    expect(snapshot.counts.totalBytes).toBe(totalBytes);
  });

  it("reads a first-version manifest's objects under the first version's keys", () => {
    const snapshot = snapshotOf(layout, "2026-10-02", "k", {
      ...base,
      schemaVersion: 1,
      source: { api: "v1", region: "KR1" },
      counts,
      objects: [
        object("p/images/dt=2026-10-02/images.ndjson.gz"),
        object("p/changes/dt=2026-10-02/changes.ndjson.gz"),
      ],
    });
    expect(snapshot).toMatchObject({ schemaVersion: 1, source: { api: "v1", regions: ["KR1"] } });
    expect(snapshot.imagesObject.key).toBe("p/images/dt=2026-10-02/images.ndjson.gz");
  });

  it("refuses what is no manifest, another day's, or one without its NDJSON objects, naming the snapshot", () => {
    const current = {
      ...base,
      schemaVersion: 2,
      source: { api: "v2", regions: ["KR1"], projects: [] },
      counts: { ...counts, byRegion: {}, byVisibility: {} },
      objects: [object("p/ndjson/images/dt=2026-10-02/images.ndjson.gz")],
    };
    for (const [stored, reason] of [
      [null, /is not a manifest/],
      [{ ...current, schemaVersion: 3 }, /is not a manifest/],
      [{ ...current, snapshotDate: "2026-10-03" }, /is dated 2026-10-03/],
      [current, /does not list p\/ndjson\/changes/],
      [{ ...current, source: { ...current.source, regions: ["EU1"] } }, /names a region/],
    ] as const) {
      expect(() => snapshotOf(layout, "2026-10-02", "k", stored)).toThrow(
        expect.objectContaining({
          snapshotDate: "2026-10-02",
          message: expect.stringMatching(reason),
        }),
      );
    }
  });
});

describe("WeightedCache", () => {
  it("evicts the least recently used entries over the weight, keeps the newest, and shares loads", async () => {
    const cache = new WeightedCache<number[]>(5, (rows) => rows.length);
    let loads = 0;
    const load = (n: number) => async () => {
      loads++;
      return Array.from({ length: n }, (_, i) => i);
    };
    const [a, b] = await Promise.all([cache.get("a", load(2)), cache.get("a", load(2))]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    await cache.get("b", load(2));
    await cache.get("a", load(2)); // a is now the most recently used
    await cache.get("c", load(2)); // over 5: b goes, a stays
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
    await cache.get("big", load(9)); // alone over the bound: kept, every other entry goes
    expect([cache.has("a"), cache.has("c"), cache.has("big")]).toEqual([false, false, true]);
    await expect(cache.get("x", async () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(cache.has("x")).toBe(false);
  });
});

describe("history cursors", () => {
  /** An inventory in memory: two snapshots of three changes each. */
  const snapshot = (date: string) =>
    ({ snapshotDate: date, previousSnapshotDate: null }) as Snapshot;
  const rows: ImageChange[] = ["a", "b", "c"].map((id) => ({
    change: "added",
    id,
    region: "KR1",
    name: id,
    fields: {},
  }));
  const source: HistorySource = {
    catalogue: async () => ({
      snapshots: [snapshot("2026-10-02"), snapshot("2026-10-01")],
      skipped: [],
    }),
    snapshotsBetween: async (since, until) =>
      [snapshot("2026-10-02"), snapshot("2026-10-01")].filter(
        (s) => s.snapshotDate >= since && s.snapshotDate <= until,
      ),
    newestSnapshot: async () => snapshot("2026-10-02"),
    changes: async () => rows,
    images: async () => [],
  };

  it("carry the window the first page resolved, and work on their own route only", async () => {
    const first = await runChangesQuery(source, parseChangesQuery("limit=2"));
    expect(first).toMatchObject({ since: "2026-10-02", until: "2026-10-02", matched: 3 });
    const cursor = first.next as string;
    const second = await runChangesQuery(source, parseChangesQuery(`cursor=${cursor}&limit=2`));
    expect(second.changes.map((r) => r.id)).toEqual(["c"]);
    expect(second.next).toBeNull();
    // The same window, given again with the cursor, is the same query; another one is not.
    expect(() => parseChangesQuery(`cursor=${cursor}&until=2026-10-02`)).not.toThrow();
    expect(() => parseChangesQuery(`cursor=${cursor}&until=2026-10-01`)).toThrow(
      /different parameters/,
    );
    expect(() => parseSnapshotsQuery(`cursor=${cursor}`)).toThrow(/not a cursor this API issued/);
    expect(() => parseImageHistoryQuery("a", `cursor=${cursor}`)).toThrow(
      /not a cursor this API issued/,
    );
  });

  it("walk a window of days newest first, each row once", async () => {
    const seen: string[] = [];
    let query = parseChangesQuery("since=2026-10-01&until=2026-10-02&limit=4");
    for (;;) {
      const page = await runChangesQuery(source, query);
      seen.push(...page.changes.map((r) => `${r.snapshotDate}/${r.id}`));
      if (page.next === null) break;
      query = parseChangesQuery(`cursor=${page.next}&limit=4`);
    }
    expect(seen).toEqual([
      "2026-10-02/a",
      "2026-10-02/b",
      "2026-10-02/c",
      "2026-10-01/a",
      "2026-10-01/b",
      "2026-10-01/c",
    ]);
  });
});

describe("an image's history", () => {
  const day = (date: string, previous: string | null) =>
    ({ snapshotDate: date, previousSnapshotDate: previous }) as Snapshot;
  const change = (kind: ImageChange["change"], id: string, region: "KR1" | "JP1", fields = {}) =>
    ({ change: kind, id, region, name: id, fields }) as ImageChange;
  // Newest first; 10-02 was backfilled after 10-03 was written (10-03 follows 10-01).
  const days = [
    day("2026-10-04", "2026-10-03"),
    day("2026-10-03", "2026-10-01"),
    day("2026-10-02", "2026-10-01"),
    day("2026-10-01", null),
  ];
  const rows: Record<string, ImageChange[]> = {
    "2026-10-01": [
      change("added", "a", "JP1"),
      change("added", "a", "KR1"),
      change("added", "b", "KR1"),
    ],
    "2026-10-02": [change("removed", "b", "KR1")],
    "2026-10-03": [change("changed", "a", "KR1", { name: { from: "a", to: "A" } })],
    "2026-10-04": [change("removed", "a", "KR1")],
  };
  // What each snapshot held, sorted by id then region (read only across 10-03's broken link).
  const image = (id: string, region: "KR1" | "JP1", name = id) => ({ id, region, name }) as Image;
  const held: Record<string, Image[]> = {
    "2026-10-02": [image("a", "JP1"), image("a", "KR1")],
    "2026-10-03": [image("a", "JP1"), image("a", "KR1", "A")],
  };
  const source: HistorySource = {
    catalogue: async () => ({ snapshots: days, skipped: [] }),
    snapshotsBetween: async () => days,
    newestSnapshot: async () => days[0] as Snapshot,
    changes: async (snapshot) => rows[snapshot.snapshotDate] ?? [],
    images: async (snapshot) => held[snapshot.snapshotDate] ?? [],
  };
  const history = (query: string, id = "a") =>
    runImageHistoryQuery(source, parseImageHistoryQuery(id, query));

  it("asks for a region when the id was seen in several, walks every snapshot and names where one's changes skip another", async () => {
    await expect(history("")).rejects.toThrow(/exists in JP1 and KR1/);
    expect(await history("region=KR1")).toMatchObject({
      region: "KR1",
      firstSeen: "2026-10-01",
      lastSeen: "2026-10-03",
      present: false,
      changes: [
        { snapshotDate: "2026-10-04", change: "removed" },
        { snapshotDate: "2026-10-03", change: "changed", fields: { name: { from: "a", to: "A" } } },
        { snapshotDate: "2026-10-01", change: "added" },
      ],
    });
    expect(await history("region=jp1")).toMatchObject({ present: true, lastSeen: "2026-10-04" });
    // b's removal is on 10-02 (written before 10-02 re-diffed the snapshots after it): seen.
    expect(await history("", "b")).toMatchObject({
      present: false,
      firstSeen: "2026-10-01",
      lastSeen: "2026-10-01",
      skipped: [
        {
          snapshotDate: "2026-10-03",
          reason: expect.stringMatching(/against 2026-10-01, not 2026-10-02/),
        },
      ],
    });
    await expect(history("", "c")).rejects.toThrow(/No snapshot ever held image "c"/);
  });
});
