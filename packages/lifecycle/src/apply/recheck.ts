import type { Image } from "@nhn-images/core";
import { type Decision, decideImage } from "../evaluate/decide-image.ts";
import type { LifecyclePlan, PlanRow } from "../plan/plan-document.ts";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";

/**
 * What the rules give for a plan's row now: the image as it is live (its tags, protection,
 * visibility, status, usage verdict now, its family's ranks now) with the plan's history — the
 * run of `unused` verdicts it found, which holds only while the image is still `unused` now. The
 * plan's day stays the day the window and the grace are counted from.
 */
export function recheck(
  policy: CompiledPolicy,
  plan: LifecyclePlan,
  row: PlanRow,
  live: Image,
  familyRank: number | null,
  now: number,
): Decision {
  const unusedNow = live.usage?.verdict === "unused";
  const since = unusedNow ? (row.evidence.unusedSinceDate ?? plan.planDate) : null;
  return decideImage(
    policy,
    { image: live, familyRank, unusedSinceDate: since },
    { date: plan.planDate, now },
  );
}
