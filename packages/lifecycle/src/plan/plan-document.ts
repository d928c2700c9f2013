import { REGIONS, UsageVerdict } from "@nhn-images/core";
import * as z from "zod";
import { LifecyclePolicy } from "../policy/lifecycle-policy.ts";

export const PLAN_ACTIONS = ["keep", "mark", "unmark", "delete"] as const;
export const PlanAction = z.enum(PLAN_ACTIONS);
export type PlanAction = z.infer<typeof PlanAction>;

const day = z.iso.date();

/** Why a row's action is what it is: the facts the rules read. */
export const PlanEvidence = z
  .object({
    /** The usage verdict when the plan was made; null without usage. */
    verdict: UsageVerdict.nullable(),
    /** The first day of the image's current run of `unused` verdicts (now included), or null. */
    unusedSinceDate: day.nullable(),
    /** Its rank among the active images of its family and region, newest first; null if not active. */
    familyRank: z.int().positive().nullable(),
    ageDays: z.int().nonnegative(),
    /** The day its mark was put on (its grace end less the rule's graceDays); null when unmarked. */
    markedOn: day.nullable(),
    /** The day its mark says the grace period ends; null when unmarked or the mark names no date. */
    deleteAfter: day.nullable(),
  })
  .strict();
export type PlanEvidence = z.infer<typeof PlanEvidence>;

/** One image of the configured projects and what the policy does with it. */
export const PlanRow = z
  .object({
    id: z.string(),
    region: z.enum(REGIONS),
    name: z.string(),
    family: z.string(),
    owner: z.string().nullable(),
    /** Bytes it holds (what deleting it reclaims); null when upstream did not say. */
    size: z.int().nonnegative().nullable(),
    /** The rule that selected it; null when none did (or it is never acted on). */
    rule: z.string().nullable(),
    action: PlanAction,
    reason: z.string(),
    evidence: PlanEvidence,
  })
  .strict();
export type PlanRow = z.infer<typeof PlanRow>;

export const PlanCounts = z
  .object({
    keep: z.int().nonnegative(),
    mark: z.int().nonnegative(),
    unmark: z.int().nonnegative(),
    delete: z.int().nonnegative(),
  })
  .strict();
export type PlanCounts = z.infer<typeof PlanCounts>;

/** `lifecycle/plans/dt=YYYY-MM-DD/plan.json`. */
export const LifecyclePlan = z
  .object({
    planId: z.string().min(1),
    createdAt: z.iso.datetime(),
    /** The day the plan is for (UTC): its marks' grace counts from it. */
    planDate: day,
    policy: LifecyclePolicy,
    /** The newest snapshot the usage history was read from; null when the inventory had none. */
    snapshotDate: day.nullable(),
    /** The projects whose images it planned for. */
    projects: z.array(z.string()),
    counts: PlanCounts,
    /** Bytes the `delete` rows hold. */
    reclaimableBytes: z.int().nonnegative(),
    rows: z.array(PlanRow),
  })
  .strict();
export type LifecyclePlan = z.infer<typeof LifecyclePlan>;

/** The counts of each action among `rows`. */
export function countActions(rows: readonly PlanRow[]): PlanCounts {
  const counts = { keep: 0, mark: 0, unmark: 0, delete: 0 };
  for (const row of rows) counts[row.action]++;
  return counts;
}
