import { addDays, ageInDays, type Image } from "@nhn-images/core";
import type { PlanAction, PlanEvidence } from "../plan/plan-document.ts";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";
import type { LifecycleRule } from "../policy/lifecycle-policy.ts";
import { type ImageMark, markOf } from "./mark-tag.ts";

/** The statuses an image may be acted on in (DESIGN.md): any other is kept. */
export const ACTIONABLE_STATUSES: ReadonlySet<string> = new Set([
  "active",
  "deactivated",
  "killed",
]);

/** What the rules say of one image, as of a day. */
export interface Decision {
  readonly rule: string | null;
  readonly action: PlanAction;
  readonly reason: string;
  readonly evidence: PlanEvidence;
}

/** The facts of one image the rules read, beyond the image itself. */
export interface ImageFacts {
  readonly image: Image;
  /** Its rank among its family's active images in its region (1: newest); null if not active. */
  readonly familyRank: number | null;
  /**
   * The first day of its current run of `unused` verdicts, now included: null when it is not
   * `unused` now; `planDate` when it is now but was not in the last snapshot.
   */
  readonly unusedSinceDate: string | null;
}

/** The day the rules are applied on, and when. */
export interface DecisionDay {
  /** `YYYY-MM-DD` (UTC): the plan's day. */
  readonly date: string;
  /** Epoch ms: ages are counted to it. */
  readonly now: number;
}

/**
 * DESIGN.md's rules for one image of a configured project, in their order: what is never acted
 * on whatever the policy says (visibility other than private, protected, a status other than
 * active/deactivated/killed), then what keeps it (an exclusion, no rule, `keepNewest`,
 * `minAgeDays`, usage now or in the window — a window reaching a day without a snapshot or
 * without usage is no run at all). Eligible and unmarked: `mark`; marked and its date passed:
 * `delete`; marked and no longer eligible: `unmark`. Pure: the same facts give the same decision.
 */
export function decideImage(policy: CompiledPolicy, facts: ImageFacts, day: DecisionDay): Decision {
  const { image } = facts;
  const mark = markOf(image.tags);
  const rule = policy.ruleFor(image);
  const evidence: PlanEvidence = {
    verdict: image.usage?.verdict ?? null,
    unusedSinceDate: facts.unusedSinceDate,
    familyRank: facts.familyRank,
    ageDays: ageInDays(image.createdAt, day.now),
    markedOn:
      mark?.deleteAfter == null || rule === null
        ? null
        : addDays(mark.deleteAfter, -rule.graceDays),
    deleteAfter: mark?.deleteAfter ?? null,
  };
  const decided = (
    action: PlanAction,
    reason: string,
    ruleName = rule?.name ?? null,
  ): Decision => ({
    rule: ruleName,
    action,
    reason,
    evidence,
  });

  const untouchable = neverActedOn(image);
  if (untouchable !== null) {
    return decided(
      "keep",
      mark === null ? untouchable : `${untouchable}; its mark is left as it is`,
      null,
    );
  }
  const excludedBy = policy.excluded(image);
  const reason =
    excludedBy !== null
      ? `excluded: ${excludedBy}`
      : rule === null
        ? "no rule selects it"
        : whyKept(rule, facts, evidence, day);
  if (reason !== null) {
    return mark === null
      ? decided("keep", reason)
      : decided("unmark", `no longer eligible: ${reason}`);
  }
  const eligible = rule as LifecycleRule;
  const unused = `unused since ${facts.unusedSinceDate}`;
  if (mark === null) {
    return decided(
      "mark",
      `${unused}, ${evidence.ageDays} days old; grace of ${eligible.graceDays} days`,
    );
  }
  return decided(...markedAction(mark, unused, day.date));
}

function markedAction(mark: ImageMark, unused: string, today: string): [PlanAction, string] {
  if (mark.deleteAfter === null) {
    return ["keep", `${unused}; its mark (${mark.tags[0]}) names no date, so it is never deleted`];
  }
  if (mark.deleteAfter < today) return ["delete", `${unused}; its grace ended ${mark.deleteAfter}`];
  return ["keep", `${unused}; marked, may be deleted after ${mark.deleteAfter}`];
}

/** Why an image is never acted on, whatever the policy says; null when it may be. */
export function neverActedOn(image: Image): string | null {
  if (image.visibility !== "private") {
    return `${image.visibility}: other projects may use it`;
  }
  if (image.protected) return "protected";
  if (!ACTIONABLE_STATUSES.has(image.status)) return `status ${image.status}`;
  return null;
}

/** Why the rule keeps an image it selects; null when it is eligible. */
function whyKept(
  rule: LifecycleRule,
  facts: ImageFacts,
  evidence: PlanEvidence,
  day: DecisionDay,
): string | null {
  if (facts.familyRank !== null && facts.familyRank <= rule.keepNewest) {
    return `among the ${rule.keepNewest} newest of ${facts.image.family || "its family"} in ${facts.image.region} (#${facts.familyRank})`;
  }
  if (evidence.ageDays < rule.minAgeDays) {
    return `${evidence.ageDays} days old; the rule keeps images younger than ${rule.minAgeDays} days`;
  }
  const usage = facts.image.usage;
  if (usage === undefined) return "no usage evidence (NHN_USAGE is off)";
  if (usage.verdict !== "unused") return `${usage.verdict} now: ${usage.reason}`;
  const since = facts.unusedSinceDate;
  const needed = addDays(day.date, -rule.unusedForDays);
  if (since === null || since > needed) {
    return `unused only since ${since ?? day.date}; the rule asks every day since ${needed} (unusedForDays ${rule.unusedForDays}, with no missing snapshot)`;
  }
  return null;
}
