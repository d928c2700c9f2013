import { addDays, ImageWriteRefusedError } from "@nhn-images/core";
import type { SimulatorImage } from "@nhn-images/simulator";
import { OPENSTACK_AVAILABLE } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ApplyBusyError,
  type LifecyclePlan,
  markTag,
  PlanTooOldError,
  PlanUnreadableError,
} from "../src/index.ts";
import {
  estateUsing,
  type LifecycleHarness,
  noon,
  ownImage,
  policyOf,
  startLifecycleHarness,
} from "./lifecycle-harness.ts";

/**
 * Apply against a world that moved since its plan: each image that changed in a way the rules
 * care about is skipped with its reason and never deleted; the limits hold (one apply at a time,
 * `maxDeletesPerRun`, plans up to a day old); Glance's refusals are `failed` rows; a dry run
 * writes nothing.
 */
const P = "2026-10-20";
const PASSED = markTag(addDays(P, -2));
const policy = policyOf({
  name: "web",
  select: { name: "web-*" },
  keepNewest: 1,
  minAgeDays: 7,
  unusedForDays: 3,
  graceDays: 2,
});
/** A marked release of the web family whose grace ended two days ago. */
const release = (n: number) => ownImage(`web-2026090${n}`, `2026-09-0${n}`, { tags: [PASSED] });
const images = {
  becomesUsed: release(1),
  becomesProtected: release(2),
  becomesShared: release(3),
  taggedKeep: release(4),
  renamed: release(5),
  alreadyDeleted: release(6),
  unchanged: release(7),
  newest: ownImage("web-20261001", "2026-10-01"),
};

let h: LifecycleHarness;
let plan: LifecyclePlan;
beforeAll(async () => {
  h = await startLifecycleHarness(Object.values(images));
  await h.exportDays(addDays(P, -3), addDays(P, -1));
}, 120_000);
afterAll(() => h?.close());

/** The images as they are now, with `change` applied to the one with `id`. */
function changed(id: string, change: Partial<SimulatorImage>): SimulatorImage[] {
  return h
    .live()
    .map(({ family: _family, ...image }) => (image.id === id ? { ...image, ...change } : image));
}

describe("the world changing between plan and apply", () => {
  it("skips each image that changed, with its reason, and deletes only the unchanged one", async () => {
    plan = (await h.plan(policy, noon(P))).plan;
    const deletes = plan.rows.filter((row) => row.action === "delete").map((row) => row.id);
    expect(deletes.sort()).toEqual(
      Object.values(images)
        .filter((image) => image !== images.newest)
        .map((image) => image.id)
        .sort(),
    );
    const ref = (id: string) => ({ id, region: "KR1" as const, project: images.newest.owner });
    h.sim.setImages(changed(images.becomesProtected.id, { protected: true }));
    h.sim.setImages(changed(images.becomesShared.id, { visibility: "shared" }));
    h.sim.setImages(changed(images.renamed.id, { name: "legacy-20260905" }));
    await h.client.addImageTag(ref(images.taggedKeep.id), "keep");
    await h.client.deleteImage(ref(images.alreadyDeleted.id));
    h.sim.setEstate("KR1", estateUsing([images.becomesUsed.id]));

    const outcome = await h.apply(plan, noon(P) + 60_000);
    const results = Object.fromEntries(
      outcome.entries.map((entry) => [entry.id, `${entry.result}: ${entry.reason}`]),
    );
    expect(results[images.unchanged.id]).toMatch(/^done: /);
    expect(results[images.becomesUsed.id]).toMatch(
      /^skipped: the rules now give unmark: .*inUse now/,
    );
    expect(results[images.becomesProtected.id]).toMatch(
      /^skipped: the rules now give keep: protected/,
    );
    expect(results[images.becomesShared.id]).toMatch(/^skipped: the rules now give keep: shared/);
    expect(results[images.taggedKeep.id]).toMatch(
      /^skipped: the rules now give unmark: .*excluded: tagged keep/,
    );
    expect(results[images.renamed.id]).toMatch(
      /^skipped: the rules now give unmark: .*no rule selects it/,
    );
    expect(results[images.alreadyDeleted.id]).toBe("skipped: the image no longer exists");
    const left = h.live().map((image) => image.id);
    expect(left).not.toContain(images.unchanged.id);
    for (const kept of [
      images.becomesUsed,
      images.becomesProtected,
      images.becomesShared,
      images.taggedKeep,
      images.renamed,
      images.newest,
    ]) {
      expect(left).toContain(kept.id);
    }
    h.sim.setEstate("KR1", estateUsing([]));
  });

  it("refuses a plan older than a day, and writes nothing", async () => {
    const before = JSON.stringify(h.live());
    const error = await h.apply(plan, noon(P) + 24 * 3600_000 + 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanTooOldError);
    expect((error as Error).message).toMatch(/make a new plan/);
    expect(JSON.stringify(h.live())).toBe(before);
  });

  it("one apply at a time: a live lock refuses the second, an expired one is taken over", async () => {
    const now = noon(P) + 120_000;
    const held = await h.lifecycleStore.lock("another-run", now + 60_000, () => now);
    const error = await h.apply(plan, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplyBusyError);
    expect((error as Error).message).toMatch(/another-run/);
    await held.release();
    // A killed run's lock, past its time: taken over.
    await h.lifecycleStore.lock("killed-run", now - 1, () => now - 60_000);
    await expect(h.apply(plan, now)).resolves.toMatchObject({ counts: { failed: 0 } });
  });

  it("two applies started together: one is refused, and nothing is done twice", async () => {
    const now = noon(P) + 180_000;
    const settled = await Promise.allSettled([h.apply(plan, now), h.apply(plan, now)]);
    const refused = settled.filter((s) => s.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ApplyBusyError);
  });
});

describe("limits and failures", () => {
  it("maxDeletesPerRun holds, the rest are skipped with the reason", async () => {
    const many = Array.from({ length: 5 }, (_, n) => release(n + 1));
    const newest = ownImage("web-20261001", "2026-10-01");
    const local = await startLifecycleHarness([...many, newest]);
    try {
      await local.exportDays(addDays(P, -3), addDays(P, -1));
      const limited = { ...policy, maxDeletesPerRun: 2 };
      const { plan } = await local.plan(limited, noon(P));
      expect(plan.counts.delete).toBe(5);
      const dry = await local.apply(plan, noon(P), { act: false });
      expect(dry.auditKey).toBeNull();
      expect(dry.entries.map((entry) => entry.reason.replace(/:.*/, "")).sort()).toEqual([
        "dry run, would delete",
        "dry run, would delete",
        "maxDeletesPerRun (2) reached",
        "maxDeletesPerRun (2) reached",
        "maxDeletesPerRun (2) reached",
      ]);
      expect(local.live()).toHaveLength(6);
      expect(await local.lifecycleStore.actionsOf(P)).toEqual([]);

      const outcome = await local.apply(plan, noon(P));
      expect(outcome.deleted).toBe(2);
      expect(
        outcome.entries.filter((entry) => /maxDeletesPerRun \(2\) reached/.test(entry.reason)),
      ).toHaveLength(3);
      expect(local.live()).toHaveLength(4);
    } finally {
      await local.close();
    }
  });

  it("Glance's refusals are failed rows with their status, never a crash", async () => {
    const local = await startLifecycleHarness([
      release(1),
      release(2),
      ownImage("web-20261001", "2026-10-01"),
    ]);
    try {
      await local.exportDays(addDays(P, -3), addDays(P, -1));
      const { plan } = await local.plan(policy, noon(P));
      local.sim.faults.add({
        routes: ["v2-image-delete"],
        times: 1,
        fault: { kind: "status", status: 409 },
      });
      const outcome = await local.apply(plan, noon(P));
      expect(outcome.counts).toEqual({ done: 1, skipped: 0, failed: 1 });
      const failed = outcome.entries.find((entry) => entry.result === "failed");
      expect(failed).toMatchObject({ action: "delete", httpStatus: 409 });
      expect(failed?.reason).toMatch(/refused with HTTP 409/);
      expect(ImageWriteRefusedError.name).toBe("ImageWriteRefusedError");
    } finally {
      await local.close();
    }
  });
});

describe.runIf(OPENSTACK_AVAILABLE)(
  "on Swift's S3 API (no conditional writes: the lock is claims)",
  () => {
    it("two applies started together: one is refused, and the other does the work", async () => {
      const swift = await startLifecycleHarness(
        [release(1), ownImage("web-20261001", "2026-10-01")],
        {
          store: "swift",
        },
      );
      try {
        await swift.exportDays(addDays(P, -3), addDays(P, -1));
        const { plan } = await swift.plan(policy, noon(P));
        const settled = await Promise.allSettled([
          swift.apply(plan, noon(P)),
          swift.apply(plan, noon(P)),
        ]);
        const refused = settled.filter((s) => s.status === "rejected");
        // Two claims made at once may both see each other and both refuse: never both go ahead.
        expect(refused.length).toBeGreaterThanOrEqual(1);
        for (const refusal of refused) {
          expect((refusal as PromiseRejectedResult).reason).toBeInstanceOf(ApplyBusyError);
        }
        const deleted = settled.filter((s) => s.status === "fulfilled" && s.value.deleted === 1);
        expect(deleted.length).toBe(2 - refused.length);
        // Alone, it goes ahead (the refused runs withdrew their claims).
        if (refused.length === 2)
          await expect(swift.apply(plan, noon(P))).resolves.toMatchObject({ deleted: 1 });
        expect(swift.live().map((image) => image.name)).toEqual(["web-20261001"]);
      } finally {
        await swift.close();
      }
    });
  },
);

describe("a plan that cannot be read", () => {
  it("is refused, naming its key, and nothing is done", async () => {
    const { PutObjectCommand } = await import("@aws-sdk/client-s3");
    const key = `nhn-images/lifecycle/plans/dt=${P}/plan.json`;
    for (const [body, message] of [
      ["{ not json", /is not a lifecycle plan/],
      [JSON.stringify({ planId: "x", rows: "all of them" }), /is not a lifecycle plan \(/],
    ] as const) {
      await h.store.direct.send(
        new PutObjectCommand({ Bucket: "lifecycle-test", Key: key, Body: body }),
      );
      const error = await h.lifecycleStore.readPlan(key).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlanUnreadableError);
      expect((error as Error).message).toContain(key);
      expect((error as Error).message).toMatch(message);
    }
    await expect(
      h.lifecycleStore.readPlan("nhn-images/lifecycle/plans/dt=2000-01-01/plan.json"),
    ).rejects.toThrow(/There is no plan at/);
  });
});
