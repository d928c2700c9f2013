import { addDays } from "@nhn-images/core";
import { eventBridgePutEvents } from "@nhn-images/inventory/export";
import { type EventBus, startEventBus } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionEntry, MARK_PREFIX, markTag, type PlanRow } from "../src/index.ts";
import {
  type LifecycleHarness,
  noon,
  ownImage,
  policyOf,
  startLifecycleHarness,
} from "./lifecycle-harness.ts";

/**
 * The whole cycle on the simulator and s3rver: nightly exports with usage write the history; a
 * plan marks what the policy allows and keeps the rest with its reason; apply puts the marks on
 * (NHN's console shows them as tags); after the grace period a new plan deletes, apply deletes
 * exactly those, the audit log says so and the events went on the bus.
 */
const P = "2026-10-20";
const web = (date: string) => ownImage(`web-golden-${date.replaceAll("-", "")}`, date);
const images = {
  oldest: web("2026-09-01"),
  older: web("2026-09-05"),
  newer: web("2026-09-10"),
  newest: web("2026-09-15"),
  usedLately: ownImage("api-golden-20260901", "2026-09-01"),
  apiNewest: ownImage("api-golden-20260920", "2026-09-20"),
  young: ownImage("cache-golden-20261015", "2026-10-15"),
  cacheNewest: ownImage("cache-golden-20261016", "2026-10-16"),
  objected: ownImage("db-golden-20260901", "2026-09-01", { tags: ["keep"] }),
  dbNewest: ownImage("db-golden-20260920", "2026-09-20"),
  guarded: ownImage("mq-golden-20260901", "2026-09-01", { protected: true }),
  mqNewest: ownImage("mq-golden-20260920", "2026-09-20"),
  shared: ownImage("ml-golden-20260901", "2026-09-01", { visibility: "shared" }),
  mlNewest: ownImage("ml-golden-20260920", "2026-09-20"),
  unselected: ownImage("scratch-20260901", "2026-09-01"),
  scratchNewest: ownImage("scratch-20260920", "2026-09-20"),
};
const policy = policyOf(
  {
    name: "goldens",
    select: { name: "*-golden-*" },
    keepNewest: 2,
    minAgeDays: 7,
    unusedForDays: 5,
    graceDays: 3,
  },
  { exclude: { tag: ["keep", "do-not-delete"], property: [] } },
);
// Each other family holds three images, so the candidate of each is third and only the rule
// its test is about keeps it.
const AWS = { AWS_ACCESS_KEY_ID: "AKIALIFECYCLE", AWS_SECRET_ACCESS_KEY: "lifecycle-secret" };

let h: LifecycleHarness;
let bus: EventBus;
beforeAll(async () => {
  const extra = {
    usedLately3: ownImage("api-golden-20260910", "2026-09-10"),
    cacheNewer: ownImage("cache-golden-20261017", "2026-10-17"),
    objected3: ownImage("db-golden-20260910", "2026-09-10"),
    guarded3: ownImage("mq-golden-20260910", "2026-09-10"),
    shared3: ownImage("ml-golden-20260910", "2026-09-10"),
  };
  h = await startLifecycleHarness([...Object.values(images), ...Object.values(extra)]);
  bus = await startEventBus({ accessKeys: { [AWS.AWS_ACCESS_KEY_ID]: AWS.AWS_SECRET_ACCESS_KEY } });
  // Six nights of history; api-golden-20260901 ran on a server two nights ago.
  await h.exportDays(addDays(P, -6), addDays(P, -1), (date) =>
    date === addDays(P, -2) ? [images.usedLately.id] : [],
  );
}, 120_000);
afterAll(async () => {
  await h?.close();
  await bus?.close();
});

const rowOf = (rows: readonly PlanRow[], id: string) =>
  rows.find((row) => row.id === id) as PlanRow;

describe("plan, mark, and delete after the grace period", () => {
  it("plans marks for exactly what the policy allows, and says why it keeps the rest", async () => {
    const { plan, key } = await h.plan(policy, noon(P));
    expect(key).toBe(`nhn-images/lifecycle/plans/dt=${P}/plan.json`);
    const marked = plan.rows.filter((row) => row.action === "mark").map((row) => row.id);
    expect(marked.sort()).toEqual([images.oldest.id, images.older.id].sort());
    const reasons = (id: string) => rowOf(plan.rows, id).reason;
    expect(reasons(images.newest.id)).toMatch(/among the 2 newest of web-golden in KR1 \(#1\)/);
    expect(reasons(images.usedLately.id)).toMatch(/unused only since 2026-10-19/);
    expect(reasons(images.young.id)).toMatch(
      /5 days old; the rule keeps images younger than 7 days/,
    );
    expect(reasons(images.objected.id)).toBe("excluded: tagged keep");
    expect(reasons(images.guarded.id)).toBe("protected");
    expect(reasons(images.shared.id)).toMatch(/^shared: other projects may use it/);
    expect(reasons(images.unselected.id)).toBe("no rule selects it");
    expect(rowOf(plan.rows, images.oldest.id)).toMatchObject({
      rule: "goldens",
      family: "web-golden",
      evidence: {
        verdict: "unused",
        // The longest window is five days: the run is known back to the first of them.
        unusedSinceDate: addDays(P, -5),
        familyRank: 4,
        ageDays: 49,
        markedOn: null,
        deleteAfter: null,
      },
    });
    expect(plan.counts).toEqual({ keep: plan.rows.length - 2, mark: 2, unmark: 0, delete: 0 });
    expect(plan.snapshotDate).toBe(addDays(P, -1));
  });

  it("applies the marks: the tag names the day the grace period ends, and the audit log says so", async () => {
    const { plan } = await h.plan(policy, noon(P));
    const outcome = await h.apply(plan, noon(P) + 3600_000);
    const mark = markTag(addDays(P, 3));
    expect(h.tagsOf(images.oldest.id)).toEqual([mark]);
    expect(h.tagsOf(images.older.id)).toEqual([mark]);
    expect(h.tagsOf(images.newer.id)).toEqual([]);
    expect(outcome.counts).toEqual({ done: 2, skipped: 0, failed: 0 });
    const audit = (await h.lifecycleStore.actionsOf(P)).map(
      (line) => JSON.parse(line) as ActionEntry,
    );
    expect(
      audit.map((entry) => [entry.id, entry.action, entry.result, entry.httpStatus]).sort(),
    ).toEqual(
      [
        [images.oldest.id, "mark", "done", 204],
        [images.older.id, "mark", "done", 204],
      ].sort(),
    );
    expect(outcome.auditKey).toMatch(
      new RegExp(`^nhn-images/lifecycle/actions/dt=${P}/run-.*\\.ndjson$`),
    );
  });

  it("keeps marked images through the grace period, then deletes exactly them", async () => {
    await h.exportDays(P, addDays(P, 3));
    const during = (await h.plan(policy, noon(addDays(P, 3)))).plan;
    expect(rowOf(during.rows, images.oldest.id)).toMatchObject({
      action: "keep",
      evidence: { markedOn: P, deleteAfter: addDays(P, 3) },
    });
    expect(rowOf(during.rows, images.oldest.id).reason).toMatch(/may be deleted after 2026-10-23/);

    await h.exportDay(addDays(P, 4));
    const { plan } = await h.plan(policy, noon(addDays(P, 5)));
    expect(
      plan.rows
        .filter((row) => row.action === "delete")
        .map((row) => row.id)
        .sort(),
    ).toEqual([images.oldest.id, images.older.id].sort());
    expect(plan.reclaimableBytes).toBe(2 * 10 * 1024 ** 3);
    const { putEvents, close } = await eventBridgePutEvents(bus.url, AWS);
    const before = h.live().map((image) => image.id);
    try {
      const outcome = await h.apply(plan, noon(addDays(P, 5)) + 60_000, { putEvents });
      expect(outcome).toMatchObject({ deleted: 2, reclaimedBytes: 2 * 10 * 1024 ** 3 });
    } finally {
      close();
    }
    const after = h.live().map((image) => image.id);
    expect(before.filter((id) => !after.includes(id)).sort()).toEqual(
      [images.oldest.id, images.older.id].sort(),
    );
    // The young image and the one used lately have become eligible meanwhile: marked now.
    const events = bus.events().map((event) => [event["detail-type"], event.detail.id ?? null]);
    const ofType = (type: string) =>
      events.filter(([detailType]) => detailType === type).map(([, id]) => id);
    expect(ofType("Image Marked For Deletion").sort()).toEqual(
      [images.usedLately.id, images.young.id].sort(),
    );
    expect(events.filter(([type]) => type === "Image Deleted").sort()).toEqual(
      [
        ["Image Deleted", images.oldest.id],
        ["Image Deleted", images.older.id],
      ].sort(),
    );
    expect(events.at(-1)?.[0]).toBe("Lifecycle Run Completed");
    expect(bus.events().at(-1)?.detail).toMatchObject({ deleted: 2, counts: { done: 4 } });
    const stillMarked = h
      .live()
      .filter((image) => image.tags.some((tag) => tag.startsWith(MARK_PREFIX)));
    expect(stillMarked.map((image) => image.id).sort()).toEqual(
      [images.usedLately.id, images.young.id].sort(),
    );
  });
});
