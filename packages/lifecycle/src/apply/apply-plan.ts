import { dayOf, NhnImagesError } from "@nhn-images/core";
import type { LifecyclePlan } from "../plan/plan-document.ts";
import type { ApplyDependencies, ApplyOutcome } from "./apply-interfaces.ts";
import { ApplyRun } from "./apply-progress.ts";
import { applyDeleteRows } from "./delete-actions.ts";
import { publishRun } from "./publish-run.ts";
import { applyTagRows } from "./tag-actions.ts";

export type { ApplyDependencies, ApplyOutcome, LifecycleEventSink } from "./apply-interfaces.ts";

/** A plan older than this is refused (DESIGN.md: "refuses a plan older than one day"). */
export const MAX_PLAN_AGE_MS = 24 * 3600_000;
/** How long the apply lock holds if its run is killed (a longer run renews nothing: it ends). */
export const APPLY_LOCK_MS = 3600_000;

/** The plan is too old to act on: make a new one. */
export class PlanTooOldError extends NhnImagesError {
  override readonly name = "PlanTooOldError";
}

/**
 * Carries a plan out (DESIGN.md, "Lifecycle"): refuses a plan older than a day; takes the apply
 * lock; lists the images live (with usage) and, for each row that is not `keep`, acts only if
 * the rules still give the row's action for the image as it is now — marks and unmarks a few at
 * a time, then deletes one at a time, each re-read by id (with its region's usage) just before
 * it goes, at most `maxDeletesPerRun`. Every action is logged as it happens; Glance's refusals
 * are `failed` rows, never a crash. A dry run decides the same and writes nothing.
 *
 * @throws {PlanTooOldError} for a plan older than a day.
 * @throws {ApplyBusyError} when another apply holds the lock.
 */
export async function applyPlan(
  plan: LifecyclePlan,
  deps: ApplyDependencies,
): Promise<ApplyOutcome> {
  const started = deps.now();
  const age = started - Date.parse(plan.createdAt);
  if (age > MAX_PLAN_AGE_MS) {
    throw new PlanTooOldError(
      `The plan ${plan.planId} of ${plan.planDate} was made ${Math.floor(age / 3600_000)} hours ago; apply takes plans up to a day old: make a new plan`,
    );
  }
  const lock = deps.act
    ? await deps.store.lock(deps.runId, started + APPLY_LOCK_MS, deps.now)
    : null;
  try {
    const run = new ApplyRun(plan, deps, dayOf(started), await deps.client.listAllImages());
    await applyTagRows(run);
    await run.audit?.settled();
    await applyDeleteRows(run);
    const outcome = await run.outcome();
    if (deps.act && deps.events !== undefined) await publishRun(outcome, plan, deps.events);
    return outcome;
  } finally {
    await lock?.release();
  }
}
