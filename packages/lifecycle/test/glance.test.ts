import { addDays, dayOf } from "@nhn-images/core";
import { DEMO_PROJECT, NHN_PUBLIC_OWNER, PARTNER_PROJECT } from "@nhn-images/simulator";
import {
  type GlanceWithEstate,
  OPENSTACK_AVAILABLE,
  startGlanceWithEstate,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionEntry, type LifecyclePolicy, MARK_PREFIX, markTag } from "../src/index.ts";
import { estateUsing, type LifecycleHarness, startLifecycleHarness } from "./lifecycle-harness.ts";

/**
 * The lifecycle on the real Glance of the test suite (behind the simulator's Keystone v2, the
 * simulator's servers giving the usage), its history in a real Swift: an estate of several
 * projects with families, shares, public, protected and hidden images; a plan, an apply that
 * marks, and a day later (the clock injected) an apply that deletes — exactly the images the
 * policy allows are gone from Glance, the others untouched, and the audit log says so. Glance's
 * own refusals come back as `failed` rows with their status.
 */
const TODAY = dayOf(Date.now());
const DAY = 86_400_000;

let real: GlanceWithEstate;
let h: LifecycleHarness;
const ids: Record<string, string> = {};
const own = () => real.glance.as({ project: DEMO_PROJECT.id });

/** Creates an image of `own` with a little data (so it is active) and the given fields. */
async function ownImage(story: string, fields: Record<string, unknown>) {
  const image = await own().json<{ id: string }>("POST", "/v2/images", {
    container_format: "bare",
    disk_format: "qcow2",
    visibility: "private",
    ...fields,
  });
  await own().upload(image.id, new Uint8Array(1024).fill(9));
  ids[story] = image.id;
}

const policy: LifecyclePolicy = {
  version: 1,
  rules: [
    {
      name: "nightly backups",
      select: { name: "nightly-backup-*" },
      keepNewest: 1,
      minAgeDays: 0,
      unusedForDays: 3,
      graceDays: 0,
    },
    {
      name: "goldens",
      select: { family: ["ubuntu-golden"] },
      keepNewest: 1,
      minAgeDays: 0,
      unusedForDays: 3,
      graceDays: 0,
    },
  ],
  exclude: { tag: ["keep"], property: [] },
  maxDeletesPerRun: 10,
};

beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  real = await startGlanceWithEstate(
    { own: DEMO_PROJECT.id, partner: PARTNER_PROJECT.id, publisher: NHN_PUBLIC_OWNER },
    6,
  );
  // One family of nightly backups, created oldest first: the newest is kept by keepNewest.
  const backups = [
    ["oldest", {}],
    ["in use", {}],
    ["objected", { tags: ["keep"] }],
    ["protected", { protected: true }],
    ["hidden", { os_hidden: true }],
    ["full of tags", { tags: Array.from({ length: 128 }, (_, n) => `t${n}`) }],
    ["older", {}],
    ["newest", {}],
  ] as const;
  for (const [index, [story, fields]] of backups.entries()) {
    // One family (the date stamp is not part of it), created oldest first, an hour apart.
    await ownImage(story, { name: `nightly-backup-2026110${index + 1}`, ...fields });
  }
  await real.glance.setCreatedAt(
    Object.fromEntries(
      backups.map(([story], index) => [
        ids[story] as string,
        new Date(Date.now() - (backups.length - index) * 3600_000).toISOString(),
      ]),
    ),
  );
  await real.glance.storeWholeSeconds();
  h = await startLifecycleHarness([], {
    store: "swift",
    imageEndpoints: { KR1: real.gateway.url },
  });
  real.gateway.trust((token) => h.sim.projectOfToken(token));
  // Three nights of history, one backup running on a server throughout.
  await h.exportDays(addDays(TODAY, -3), addDays(TODAY, -1), () => [ids["in use"] as string]);
}, 300_000);
afterAll(async () => {
  await h?.close();
  await real?.close();
});

/** The image as Glance holds it for `own` (null: gone, 404). */
async function inGlance(id: string): Promise<{ tags: string[] } | null> {
  const { status, text } = await own().request("GET", `/v2/images/${id}`);
  if (status === 404) return null;
  expect(status).toBe(200);
  return JSON.parse(text) as { tags: string[] };
}

/**
 * Of the two releases of `ubuntu-golden`, the one keepNewest 1 does not keep: the older by
 * Glance's `created_at` (whole seconds in its answers), or of two the same second, the larger id.
 */
async function olderGolden(): Promise<string> {
  const releases = [
    ...real.estate.byStory("active with data and properties"),
    ...real.estate.byStory("family release"),
  ];
  const created = await Promise.all(
    releases.map(async (image) => {
      const raw = await own().json<{ created_at: string }>("GET", `/v2/images/${image.id}`);
      return { id: image.id, createdAt: raw.created_at };
    }),
  );
  created.sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1,
  );
  return (created[1] as { id: string }).id;
}

describe.runIf(OPENSTACK_AVAILABLE)("lifecycle on the real Glance", () => {
  it("marks what the policy allows, a day later deletes exactly those, and Glance's refusals are failed rows", async () => {
    const everyId = real.estate.images.map((image) => image.id).concat(Object.values(ids));
    const before = new Map<string, { tags: string[] } | null>();
    for (const id of everyId) before.set(id, await inGlance(id));

    const now = Date.now();
    const { plan } = await h.plan(policy, now, [ids["in use"] as string]);
    const actionOf = (id: string) => plan.rows.find((row) => row.id === id)?.action;
    const expectedMarks = ["oldest", "hidden", "full of tags", "older"].map((story) => ids[story]);
    expect(
      plan.rows
        .filter((row) => row.action === "mark")
        .map((row) => row.id)
        .sort(),
    ).toEqual([...expectedMarks, await olderGolden()].sort());
    expect(actionOf(ids.newest as string)).toBe("keep");
    expect(actionOf(ids["in use"] as string)).toBe("keep");
    expect(actionOf(ids.objected as string)).toBe("keep");
    expect(actionOf(ids.protected as string)).toBe("keep");
    // Only the project's own images have rows: never the partner's, the stranger's or NHN's.
    for (const image of real.estate.images) {
      if (image.owner !== DEMO_PROJECT.id) expect(actionOf(image.id)).toBeUndefined();
    }

    h.sim.setEstate("KR1", estateUsing([ids["in use"] as string]));
    const marking = await h.apply(plan, now + 60_000);
    const failed = marking.entries.filter((entry) => entry.result === "failed");
    // Glance holds at most 128 tags on an image (image_tag_quota): its 413 is a failed row.
    expect(failed.map((entry) => [entry.id, entry.httpStatus])).toEqual([
      [ids["full of tags"], 413],
    ]);
    const mark = markTag(TODAY);
    for (const story of ["oldest", "hidden", "older"]) {
      expect((await inGlance(ids[story] as string))?.tags, story).toContain(mark);
    }
    expect((await inGlance(ids["full of tags"] as string))?.tags).not.toContain(mark);

    // A day later: one more night of history, a new plan and its apply delete the marked ones.
    await h.exportDay(TODAY, [ids["in use"] as string]);
    const tomorrow = now + DAY;
    const next = (await h.plan(policy, tomorrow, [ids["in use"] as string])).plan;
    const deletes = next.rows.filter((row) => row.action === "delete").map((row) => row.id);
    const golden = [await olderGolden()];
    expect(deletes.sort()).toEqual([ids.oldest, ids.hidden, ids.older, ...golden].sort());
    const deleting = await h.apply(next, tomorrow + 60_000);
    expect(deleting.deleted).toBe(deletes.length);

    for (const id of everyId) {
      // The estate's image deleted before any of this (its story is "deleted").
      if (before.get(id) === null) continue;
      const now = await inGlance(id);
      if (deletes.includes(id)) expect(now, `${id} deleted`).toBeNull();
      else {
        expect(now, `${id} untouched`).not.toBeNull();
        const marks = (now?.tags ?? []).filter((tag) => tag.startsWith(MARK_PREFIX));
        const wasMarked = (before.get(id)?.tags ?? []).some((tag) => tag.startsWith(MARK_PREFIX));
        if (!wasMarked && !plan.rows.some((row) => row.id === id && row.action === "mark")) {
          expect(marks, `${id} never marked`).toEqual([]);
        }
      }
    }
    const audit = (await h.lifecycleStore.actionsOf(dayOf(tomorrow + 60_000))).map(
      (line) => JSON.parse(line) as ActionEntry,
    );
    expect(
      audit
        .filter((entry) => entry.action === "delete" && entry.result === "done")
        .map((entry) => entry.id)
        .sort(),
    ).toEqual([...deletes].sort());
  });
});
