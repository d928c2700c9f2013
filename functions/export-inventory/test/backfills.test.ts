import type { Image } from "@nhn-images/core";
import type { Latest, Manifest } from "@nhn-images/inventory";
import type { Change } from "@nhn-images/inventory/export";
import { type EventBus, startEventBus } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";
import { INVENTORY_STORES } from "./inventory-stores.ts";

const AWS = {
  AWS_ACCESS_KEY_ID: "AKIABACKFILL",
  AWS_SECRET_ACCESS_KEY: "backfill-secret-sentinel-77aa",
  AWS_REGION: "ap-northeast-2",
};

/** Every date the cases below have exported once the second has run. */
const EVERY_DAY = Array.from({ length: 7 }, (_, i) => `2026-11-${20 + i}`);

/** The estate each date is exported from: a sliding window over one pool, renames on odd dates. */
const pool = listedImages(12, 60);
function estateOf(date: string) {
  const day = Number(date.slice(8, 10));
  return pool.slice(day % 7, (day % 7) + 40).map((image, index) => ({
    ...image,
    name: day % 2 === 1 && index % 5 === 0 ? `${image.name} (r${day})` : image.name,
  }));
}

describe.each(INVENTORY_STORES)("on %s, exports in any date order", (store) => {
  let h: Harness;
  let bus: EventBus;
  beforeAll(async () => {
    h = await startHarness({ store });
    bus = await startEventBus({
      accessKeys: { [AWS.AWS_ACCESS_KEY_ID]: AWS.AWS_SECRET_ACCESS_KEY },
    });
  });
  afterAll(async () => {
    await bus.close();
    await h.close();
  });

  const run = (date: string, runAt = "2026-11-30T10:00:00Z") => {
    h.sim.setImages(estateOf(date));
    return h.handler({
      now: at(runAt),
      env: { ...bus.env("inventory"), ...AWS, EVENT_MAX_CHANGES: "1000" },
    })({ date });
  };

  const key = (image: { id: string; region: string }) => `${image.region}/${image.id}`;
  const imagesOf = async (date: string) =>
    new Map(
      (await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`)).map((i) => [
        key(i),
        i,
      ]),
    );
  const changesOf = (date: string) =>
    h.ndjson<Change>(`${PREFIX}ndjson/changes/dt=${date}/changes.ndjson.gz`);

  /** The diff of two dates' images, computed here from the objects: (change, region/id, fields). */
  async function diffOf(before: string | null, after: string) {
    const old = before === null ? new Map<string, Image>() : await imagesOf(before);
    const now = await imagesOf(after);
    const rows: string[] = [];
    for (const [k, image] of now) {
      const was = old.get(k);
      if (was === undefined) rows.push(`added ${k}`);
      else {
        const fields = Object.keys(image)
          // A family follows the name: never a changed field by itself (DESIGN.md).
          .filter((f) => f !== "family")
          .filter(
            (f) =>
              JSON.stringify(image[f as keyof Image]) !== JSON.stringify(was[f as keyof Image]),
          )
          .sort();
        if (fields.length > 0) rows.push(`changed ${k} ${fields.join(",")}`);
      }
    }
    for (const k of old.keys()) if (!now.has(k)) rows.push(`removed ${k}`);
    return rows.sort();
  }

  /** Every snapshot: its changes are its diff against the newest snapshot before it. */
  async function expectInvariant(dates: readonly string[]) {
    const sorted = [...dates].sort();
    for (const [index, date] of sorted.entries()) {
      const previous = index === 0 ? null : (sorted[index - 1] as string);
      const manifest = await h.manifest(date);
      expect(manifest.previousSnapshotDate, date).toBe(previous);
      await h.verifyManifest(manifest);
      const rows = (await changesOf(date))
        .map((c) =>
          c.change === "changed"
            ? `changed ${key(c)} ${Object.keys(c.fields).sort().join(",")}`
            : `${c.change} ${key(c)}`,
        )
        .sort();
      expect(rows, date).toEqual(await diffOf(previous, date));
      const counted = { added: 0, removed: 0, changed: 0 };
      for (const row of rows) counted[row.split(" ")[0] as keyof typeof counted]++;
      expect(manifest.changes, date).toEqual(counted);
    }
    expect(await h.json<Latest>(`${PREFIX}latest.json`)).toEqual({
      snapshotDate: sorted.at(-1),
      manifestKey: `${PREFIX}manifests/dt=${sorted.at(-1)}/manifest.json`,
    });
    expect((await h.keys()).filter((k) => k.includes("staging/") || k.includes("locks/"))).toEqual(
      [],
    );
  }

  it("a backfill before every snapshot (24–26, then 23): the 24th is diffed again against it", async () => {
    for (const date of ["2026-11-24", "2026-11-25", "2026-11-26"]) await run(date);
    const before: Manifest = await h.manifest("2026-11-24");
    expect(before.previousSnapshotDate).toBeNull();
    bus.reset();
    await run("2026-11-23");
    await expectInvariant(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]);
    // No image is `added` on both days: the 24th only adds what the 23rd did not hold.
    const added23 = (await changesOf("2026-11-23")).filter((c) => c.change === "added");
    const added24 = new Set(
      (await changesOf("2026-11-24")).filter((c) => c.change === "added").map(key),
    );
    expect(added23.filter((c) => added24.has(key(c)))).toEqual([]);
    // The re-diffed day's events are not sent again: only the 23rd's went out.
    const dedupKeys = bus.events().map((event) => String(event.detail.dedupKey));
    expect(dedupKeys.length).toBeGreaterThan(1);
    expect(dedupKeys.every((k) => k.startsWith("2026-11-23:"))).toBe(true);
  });

  it("a day between two others (20 and 22, then 21): the 22nd is diffed against the 21st", async () => {
    for (const date of ["2026-11-20", "2026-11-22", "2026-11-21"]) await run(date);
    await expectInvariant(EVERY_DAY);
  });

  it("a re-run of a middle day that lists other images: the day after follows it", async () => {
    h.sim.setImages(pool.slice(20, 55));
    await h.handler({ now: at("2026-12-01T10:00:00Z") })({ date: "2026-11-24" });
    await expectInvariant(EVERY_DAY);
  });
});
