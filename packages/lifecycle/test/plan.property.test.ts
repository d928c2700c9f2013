import { addDays, familyOf, type Image, type ImageUsage } from "@nhn-images/core";
import { UsageHistory } from "@nhn-images/inventory";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  evaluatePolicy,
  type LifecyclePolicy,
  MARK_PREFIX,
  markTag,
  unusedSinceFromHistory,
} from "../src/index.ts";
import { noon, OWN } from "./lifecycle-harness.ts";

/**
 * Random estates, histories and policies, checked against DESIGN.md's rules written out again
 * here, without the evaluator: an image is marked or deleted only if every rule allows it, and
 * `keepNewest` holds in every family and region.
 */
const TODAY = "2026-10-20";
const NOW = noon(TODAY);
const OTHER = "another-project";
// Weighted towards what can be acted on, so that most runs come near every rule's edge.
const STATUSES = ["active", "active", "active", "active", "deactivated", "killed", "queued"];
const VISIBILITIES = [
  "private",
  "private",
  "private",
  "private",
  "private",
  "shared",
  "public",
  "community",
] as const;
type Verdict = "unused" | "inUse" | "unknown";
const VERDICTS: readonly Verdict[] = ["inUse", "unknown", ...Array<Verdict>(18).fill("unused")];
/** True one time in `n`. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((drawn) => drawn === 1);
const FAMILIES = ["web", "api", "db"];

const usageOf = (verdict: Verdict): ImageUsage => ({
  verdict,
  reason: verdict,
  servers: [],
  nodeGroups: [],
  evidence: { byImageRef: verdict === "inUse" ? 1 : 0, byBootVolume: 0, byNodeGroup: 0 },
  unattributedServers: verdict === "unknown" ? 1 : 0,
});

const imageArb = fc.record({
  family: fc.constantFrom(...FAMILIES),
  region: fc.constantFrom("KR1" as const, "KR2" as const),
  ageDays: fc.integer({ min: 0, max: 60 }),
  status: fc.constantFrom(...STATUSES),
  visibility: fc.constantFrom(...VISIBILITIES),
  protected: oneIn(5),
  own: oneIn(5).map((other) => !other),
  keepTag: oneIn(5),
  /** A mark: none, or its date relative to today. */
  mark: fc.option(fc.integer({ min: -10, max: 10 }), { nil: null }),
  now: fc.option(fc.constantFrom(...VERDICTS), { nil: null }),
  /** Per day back (1…12): its verdict, or null when missing from the snapshot. */
  days: fc.array(fc.option(fc.constantFrom(...VERDICTS), { nil: null, freq: 8 }), {
    minLength: 12,
    maxLength: 12,
  }),
});
type Generated = typeof imageArb extends fc.Arbitrary<infer T> ? T : never;

const estateArb = fc.record({
  images: fc.array(imageArb, { minLength: 1, maxLength: 25 }),
  /** Days back with no snapshot at all. */
  gaps: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 2 }),
  keepNewest: fc.integer({ min: 1, max: 3 }),
  minAgeDays: fc.integer({ min: 0, max: 30 }),
  unusedForDays: fc.integer({ min: 1, max: 10 }),
  graceDays: fc.integer({ min: 0, max: 5 }),
});

function imageOf(generated: Generated, index: number): Image {
  const createdAt = new Date(NOW - generated.ageDays * 86_400_000 - index * 1000).toISOString();
  const name = `${generated.family}-${index}`;
  const properties = { image_family: generated.family };
  const tags = [
    ...(generated.keepTag ? ["keep"] : []),
    ...(generated.mark === null ? [] : [markTag(addDays(TODAY, generated.mark))]),
  ];
  return {
    id: `img-${String(index).padStart(3, "0")}`,
    name,
    status: generated.status,
    diskFormat: "qcow2",
    isPublic: generated.visibility === "public",
    protected: generated.protected,
    minDisk: 0,
    minRam: 0,
    size: 1,
    properties,
    createdAt,
    updatedAt: createdAt,
    visibility: generated.visibility,
    owner: generated.own ? OWN : OTHER,
    tags,
    region: generated.region,
    hidden: false,
    family: familyOf(name, properties),
    ...(generated.now === null ? {} : { usage: usageOf(generated.now) }),
  };
}

describe("random estates and histories", () => {
  it("mark and delete only what every rule allows; keepNewest holds per family and region", () => {
    fc.assert(
      fc.property(estateArb, (estate) => {
        const images = estate.images.map(imageOf);
        const history = new UsageHistory();
        for (let back = 1; back <= 12; back++) {
          const date = addDays(TODAY, -back);
          if (estate.gaps.includes(back)) {
            history.addGap(date);
            continue;
          }
          history.addDay(
            date,
            estate.images.flatMap((generated, index) => {
              const verdict = generated.days[back - 1];
              const image = imageOf(generated, index);
              if (verdict === null || verdict === undefined) return [];
              return [{ ...image, usage: usageOf(verdict) }];
            }),
          );
        }
        const policy: LifecyclePolicy = {
          version: 1,
          rules: [
            {
              name: "all",
              select: {},
              keepNewest: estate.keepNewest,
              minAgeDays: estate.minAgeDays,
              unusedForDays: estate.unusedForDays,
              graceDays: estate.graceDays,
            },
          ],
          exclude: { tag: ["keep"], property: [] },
          maxDeletesPerRun: 50,
        };
        const rows = evaluatePolicy(
          compilePolicy(policy),
          images,
          new Set([OWN]),
          unusedSinceFromHistory(history, TODAY),
          { date: TODAY, now: NOW },
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        estate.images.forEach((generated, index) => {
          const image = images[index] as Image;
          const row = byId.get(image.id);
          if (!generated.own) {
            expect(row).toBeUndefined();
            return;
          }
          expect(row).toBeDefined();
          if (row?.action !== "mark" && row?.action !== "delete") return;
          // Every rule, written out again.
          expect(generated.visibility).toBe("private");
          expect(generated.protected).toBe(false);
          expect(["active", "deactivated", "killed"]).toContain(generated.status);
          expect(generated.keepTag).toBe(false);
          expect(generated.ageDays).toBeGreaterThanOrEqual(estate.minAgeDays);
          expect(generated.now).toBe("unused");
          for (let back = 1; back <= estate.unusedForDays; back++) {
            expect(estate.gaps).not.toContain(back);
            expect(generated.days[back - 1]).toBe("unused");
          }
          if (row.action === "mark") expect(generated.mark).toBeNull();
          if (row.action === "delete") expect(generated.mark).toBeLessThan(0);
        });
        // keepNewest: the newest active images of each family and region are never acted on.
        const groups = new Map<string, Image[]>();
        for (const image of images) {
          if (image.owner !== OWN || image.status !== "active") continue;
          const key = `${image.region}/${image.family}`;
          groups.set(key, [...(groups.get(key) ?? []), image]);
        }
        for (const group of groups.values()) {
          group.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
          for (const kept of group.slice(0, estate.keepNewest)) {
            expect(["keep", "unmark"]).toContain(byId.get(kept.id)?.action);
          }
        }
        // Nothing is deleted without a mark whose date has passed.
        for (const row of rows) {
          if (row.action !== "delete") continue;
          const image = images.find((i) => i.id === row.id) as Image;
          const marks = image.tags.filter((tag) => tag.startsWith(MARK_PREFIX));
          expect(marks.length).toBeGreaterThan(0);
          for (const mark of marks) expect(mark.slice(MARK_PREFIX.length) < TODAY).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
