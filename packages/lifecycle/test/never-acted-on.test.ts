import { addDays, type Image, type ImageUsage } from "@nhn-images/core";
import { UsageHistory } from "@nhn-images/inventory";
import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  evaluatePolicy,
  type LifecyclePolicy,
  markTag,
  type PlanRow,
  unusedSinceFromHistory,
} from "../src/index.ts";
import { asImage, noon, OWN, ownImage, policyOf } from "./lifecycle-harness.ts";

/**
 * DESIGN.md's "never acted on, whatever the policy says", one rule at a time: an image that would
 * be marked (or, marked long ago, deleted) under a policy that allows everything is kept the
 * moment one fact about it changes — and the reason names that fact.
 */
const TODAY = "2026-10-20";
const NOW = noon(TODAY);
const WINDOW = 5;
const policy: LifecyclePolicy = policyOf({
  name: "everything",
  select: {},
  keepNewest: 1,
  minAgeDays: 10,
  unusedForDays: WINDOW,
  graceDays: 2,
});

const unused: ImageUsage = {
  verdict: "unused",
  reason: "nothing refers to it",
  servers: [],
  nodeGroups: [],
  evidence: { byImageRef: 0, byBootVolume: 0, byNodeGroup: 0 },
  unattributedServers: 0,
};
const inUse: ImageUsage = {
  ...unused,
  verdict: "inUse",
  reason: "1 server boots from it",
  servers: ["s-1"],
  evidence: { byImageRef: 1, byBootVolume: 0, byNodeGroup: 0 },
};

/**
 * The family's newest (5 days old, kept by keepNewest 1) and the candidate, unused for a month:
 * the same two images (the same ids) in every test, the candidate changed as it asks.
 */
const NEWEST: Image = { ...asImage(ownImage("app-20261015", "2026-10-15")), usage: unused };
const CANDIDATE: Image = { ...asImage(ownImage("app-20260901", "2026-09-01")), usage: unused };
function estate(candidate: Partial<Image> = {}) {
  return { newest: NEWEST, image: { ...CANDIDATE, ...candidate } };
}

/** A history of `WINDOW` days before today in which `images` were unused every day. */
function fullHistory(
  images: readonly Image[],
  skip: (date: string, day: number) => boolean = () => false,
) {
  const history = new UsageHistory();
  for (let back = 1; back <= WINDOW + 2; back++) {
    const date = addDays(TODAY, -back);
    if (skip(date, back)) history.addGap(date);
    else
      history.addDay(
        date,
        images.map((image) => ({ ...image, usage: unused })),
      );
  }
  return history;
}

function decide(
  candidate: Partial<Image> = {},
  options: { history?: UsageHistory; projects?: string[]; policy?: LifecyclePolicy } = {},
): PlanRow {
  const { newest, image } = estate(candidate);
  const rows = evaluatePolicy(
    compilePolicy(options.policy ?? policy),
    [newest, image],
    new Set(options.projects ?? [OWN]),
    unusedSinceFromHistory(options.history ?? fullHistory([newest, image]), TODAY),
    { date: TODAY, now: NOW },
  );
  return rows.find((row) => row.id === image.id) as PlanRow;
}

const passedMark = { tags: [markTag("2026-10-15")] };

describe("what is never acted on", () => {
  it("the baseline: an unused old image is marked, and deleted once its mark's date has passed", () => {
    expect(decide()).toMatchObject({ action: "mark" });
    expect(decide(passedMark)).toMatchObject({ action: "delete" });
  });

  it("an image of another project has no row at all, so nothing is done to it", () => {
    expect(decide({ owner: "another-project" })).toBeUndefined();
    expect(decide({}, { projects: ["another-project"] })).toBeUndefined();
  });

  for (const visibility of ["public", "shared", "community"] as const) {
    it(`a ${visibility} image, marked or not`, () => {
      for (const mark of [{}, passedMark]) {
        const row = decide({ visibility, ...mark });
        expect(row.action).toBe("keep");
        expect(row.reason).toMatch(new RegExp(`^${visibility}: other projects may use it`));
      }
    });
  }

  it("a protected image", () => {
    expect(decide({ protected: true })).toMatchObject({ action: "keep", reason: "protected" });
    expect(decide({ protected: true, ...passedMark }).action).toBe("keep");
  });

  it("a status other than active, deactivated or killed", () => {
    for (const status of [
      "queued",
      "saving",
      "importing",
      "uploading",
      "pending_delete",
      "deleted",
    ]) {
      const row = decide({ status, ...passedMark });
      expect(row.action).toBe("keep");
      expect(row.reason).toBe(`status ${status}; its mark is left as it is`);
    }
    for (const status of ["deactivated", "killed"]) expect(decide({ status }).action).toBe("mark");
  });

  it("an excluded tag or property: a marked one is unmarked", () => {
    expect(decide({ tags: ["keep"] })).toMatchObject({
      action: "keep",
      reason: "excluded: tagged keep",
    });
    expect(decide({ tags: ["keep", ...passedMark.tags] }).action).toBe("unmark");
    const byProperty = policyOf(policy.rules[0], {
      exclude: { tag: [], property: ["owner_team:pay*"] },
    });
    expect(
      decide({ properties: { owner_team: "payments" } }, { policy: byProperty }),
    ).toMatchObject({
      action: "keep",
      reason: "excluded: property owner_team:pay*",
    });
  });

  it("among the keepNewest newest active images of its family and region", () => {
    const keepTwo = policyOf({ ...policy.rules[0], keepNewest: 2 });
    expect(decide({}, { policy: keepTwo }).reason).toMatch(
      /among the 2 newest of app in KR1 \(#2\)/,
    );
    // Made the newest, a marked candidate is unmarked.
    expect(decide({ createdAt: "2026-10-16T00:00:00.000Z", ...passedMark })).toMatchObject({
      action: "unmark",
      reason: "no longer eligible: among the 1 newest of app in KR1 (#1)",
    });
    // A newer image that is not active does not count among the newest.
    const deactivatedNewest = { ...NEWEST, status: "deactivated" };
    const rows = evaluatePolicy(
      compilePolicy(keepTwo),
      [deactivatedNewest, CANDIDATE],
      new Set([OWN]),
      unusedSinceFromHistory(fullHistory([deactivatedNewest, CANDIDATE]), TODAY),
      { date: TODAY, now: NOW },
    );
    expect(rows.map((row) => [row.id, row.action, row.evidence.familyRank]).sort()).toEqual(
      [
        [CANDIDATE.id, "keep", 1],
        [NEWEST.id, "keep", null],
      ].sort(),
    );
  });

  it("younger than minAgeDays", () => {
    expect(decide({ createdAt: "2026-10-12T00:00:00.000Z" }).reason).toMatch(/8 days old/);
  });

  it("any verdict other than unused now, or no usage at all", () => {
    expect(decide({ usage: inUse, ...passedMark })).toMatchObject({ action: "unmark" });
    expect(decide({ usage: { ...unused, verdict: "unknown" } }).action).toBe("keep");
    const { usage: _none, ...withoutUsage } = estate().image;
    expect(decide({ ...withoutUsage, usage: undefined }).reason).toBe(
      "no usage evidence (NHN_USAGE is off)",
    );
  });

  it("a verdict other than unused on any day of the window", () => {
    const { newest, image } = estate();
    for (let day = 1; day <= WINDOW; day++) {
      const history = new UsageHistory();
      for (let back = 1; back <= WINDOW; back++) {
        const date = addDays(TODAY, -back);
        history.addDay(date, [
          { ...newest, usage: unused },
          { ...image, usage: back === day ? inUse : unused },
        ]);
      }
      expect(decide({}, { history }).action, `in use ${day} days ago`).toBe("keep");
    }
  });

  it("a window with a missing snapshot, or a snapshot without usage", () => {
    const { newest, image } = estate();
    for (let day = 1; day <= WINDOW; day++) {
      const gap = fullHistory([newest, image], (_date, back) => back === day);
      expect(decide({}, { history: gap }).action, `no snapshot ${day} days ago`).toBe("keep");
      const history = new UsageHistory();
      for (let back = 1; back <= WINDOW; back++) {
        const date = addDays(TODAY, -back);
        const { usage: _usage, ...noUsage } = image;
        history.addDay(date, [
          { ...newest, usage: unused },
          back === day ? noUsage : { ...image, usage: unused },
        ]);
      }
      expect(decide({}, { history }).action, `no usage ${day} days ago`).toBe("keep");
    }
    // A gap just before the window does not matter.
    const before = fullHistory([newest, image], (_date, back) => back === WINDOW + 1);
    expect(decide({}, { history: before }).action).toBe("mark");
  });

  it("an image no rule selects", () => {
    const narrow = policyOf({ ...policy.rules[0], select: { name: "db-*" } });
    expect(decide({}, { policy: narrow })).toMatchObject({
      action: "keep",
      reason: "no rule selects it",
    });
  });

  it("a mark whose date has not passed, or that names no date", () => {
    expect(decide({ tags: [markTag(TODAY)] }).action).toBe("keep");
    expect(decide({ tags: ["nhn-images:delete-after:soon"] }).reason).toMatch(/names no date/);
  });
});
