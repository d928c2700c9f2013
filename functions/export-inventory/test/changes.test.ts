import type { Image } from "@nhn-images/core";
import type { Change } from "@nhn-images/inventory/export";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const generated = listedImages(21, 43);
const day1: Image[] = generated.slice(0, 40);
// Day 2: images 0–4 removed, 5–7 changed, 40–42 added, the rest untouched.
const day2: Image[] = [
  ...day1.slice(5, 8).map((image, i) => ({
    ...image,
    status: i === 0 ? "deactivated" : image.status,
    name: i === 1 ? `${image.name} (renamed)` : image.name,
    properties: i === 2 ? { ...image.properties, description: "rebuilt" } : image.properties,
    updatedAt: "2026-11-02T00:00:00.000Z",
  })),
  ...day1.slice(8),
  ...generated.slice(40),
];

const run = (date: string) => h.handler({ now: at(`${date}T16:00:00Z`) })({ date });
const changesOf = (date: string) =>
  h.ndjson<Change>(`${PREFIX}ndjson/changes/dt=${date}/changes.ndjson.gz`);

describe("changes between two days", () => {
  it("lists every image as added on the first day", async () => {
    h.sim.setImages(day1);
    await run("2026-11-01");
    const changes = await changesOf("2026-11-01");
    expect(changes).toHaveLength(40);
    expect(changes.every((c) => c.change === "added")).toBe(true);
    expect((await h.manifest("2026-11-01")).previousSnapshotDate).toBeNull();
  });

  it("lists exactly what was added, removed and changed, field by field", async () => {
    h.sim.setImages(day2);
    await run("2026-11-02");
    const manifest = await h.manifest("2026-11-02");
    expect(manifest.previousSnapshotDate).toBe("2026-11-01");
    expect(manifest.changes).toEqual({ added: 3, removed: 5, changed: 3 });
    const changes = await changesOf("2026-11-02");
    const byKind = (kind: Change["change"]) =>
      changes
        .filter((c) => c.change === kind)
        .map((c) => c.id)
        .sort();
    expect(byKind("removed")).toEqual(
      day1
        .slice(0, 5)
        .map((i) => i.id)
        .sort(),
    );
    expect(byKind("added")).toEqual(
      generated
        .slice(40)
        .map((i) => i.id)
        .sort(),
    );
    expect(byKind("changed")).toEqual(
      day1
        .slice(5, 8)
        .map((i) => i.id)
        .sort(),
    );
    const [statusChanged, renamed, reprop] = day1.slice(5, 8);
    const find = (id: string | undefined) => changes.find((c) => c.id === id);
    expect(find(statusChanged?.id)?.fields).toEqual({
      status: { from: statusChanged?.status, to: "deactivated" },
      updatedAt: { from: statusChanged?.updatedAt, to: "2026-11-02T00:00:00.000Z" },
    });
    expect(find(renamed?.id)).toMatchObject({
      name: `${renamed?.name} (renamed)`,
      fields: { name: { from: renamed?.name } },
    });
    expect(find(reprop?.id)?.fields.properties).toEqual({
      from: reprop?.properties,
      to: { ...reprop?.properties, description: "rebuilt" },
    });
    const removed = changes.find((c) => c.id === day1[0]?.id);
    expect(removed).toEqual({
      change: "removed",
      id: day1[0]?.id,
      region: "KR1",
      name: day1[0]?.name,
      fields: {},
    });
    expect(changes.map((c) => c.id)).toEqual([...changes.map((c) => c.id)].sort());
  });

  it("finds nothing changed when nothing did", async () => {
    await run("2026-11-03");
    expect(await changesOf("2026-11-03")).toEqual([]);
    const manifest = await h.manifest("2026-11-03");
    expect(manifest.changes).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(manifest.objects.find((o) => o.key.includes("changes/"))?.records).toBe(0);
    await h.verifyManifest(manifest);
  });
});
