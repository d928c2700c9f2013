import { compareCodePoints, type Image } from "@nhn-images/core";
import type { UsageHistory } from "@nhn-images/inventory";
import type { PlanRow } from "../plan/plan-document.ts";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";
import { type DecisionDay, decideImage } from "./decide-image.ts";
import { familyRanks } from "./family-ranks.ts";

/** Where the first day of an image's current run of `unused` verdicts comes from. */
export type UnusedSince = (image: Image) => string | null;

/**
 * From the inventory's history (days newest first, ending the day before `date`) and the image's
 * live verdict: null when it is not `unused` now; else the oldest day of its run in the history,
 * or `date` itself when the newest snapshot did not already say `unused`.
 */
export function unusedSinceFromHistory(history: UsageHistory, date: string): UnusedSince {
  return (image) => {
    if (image.usage?.verdict !== "unused") return null;
    return history.unusedRun(image.id, image.region)?.since ?? date;
  };
}

/**
 * The plan's rows: one per image of the configured `projects` among `images` (the live listing,
 * with usage), each with the rules' decision. Pure: a function of the policy, the images, where
 * their unused runs start, and the day.
 */
export function evaluatePolicy(
  policy: CompiledPolicy,
  images: readonly Image[],
  projects: ReadonlySet<string>,
  unusedSince: UnusedSince,
  day: DecisionDay,
): PlanRow[] {
  const own = images.filter((image) => image.owner !== null && projects.has(image.owner));
  const rankOf = familyRanks(own);
  const rows = own.map((image): PlanRow => {
    const decision = decideImage(
      policy,
      { image, familyRank: rankOf(image), unusedSinceDate: unusedSince(image) },
      day,
    );
    return {
      id: image.id,
      region: image.region,
      name: image.name,
      family: image.family,
      owner: image.owner,
      size: image.size,
      ...decision,
    };
  });
  return rows.sort(
    (a, b) =>
      compareCodePoints(a.family, b.family) ||
      compareCodePoints(a.region, b.region) ||
      a.evidence.ageDays - b.evidence.ageDays ||
      compareCodePoints(a.id, b.id),
  );
}
