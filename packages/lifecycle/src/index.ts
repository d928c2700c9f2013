/**
 * @nhn-images/lifecycle: retention policies that clean up safely (DESIGN.md, "Lifecycle") — the
 * policy (JSON or YAML, checked whole), its evaluation (a pure function of the policy, the live
 * images with usage, each image's run of `unused` verdicts in the inventory, and the day), the
 * plan stored in the inventory bucket, and the apply: mark, then delete after a grace period,
 * each image re-checked live first, every action in an audit log.
 */

export {
  APPLY_LOCK_MS,
  type ApplyDependencies,
  type ApplyOutcome,
  applyPlan,
  type LifecycleEventSink,
  MAX_PLAN_AGE_MS,
  PlanTooOldError,
} from "./apply/apply-plan.ts";
export { DRY_RUN } from "./apply/apply-progress.ts";
export { ACTION_RESULTS, type ActionEntry, type ActionResult } from "./apply/audit-log.ts";
export {
  ACTION_DETAIL_TYPES,
  lifecycleEventEntries,
  RUN_COMPLETED,
  type RunCompletedDetail,
} from "./apply/lifecycle-events.ts";
export {
  ACTIONABLE_STATUSES,
  type Decision,
  type DecisionDay,
  decideImage,
  type ImageFacts,
  neverActedOn,
} from "./evaluate/decide-image.ts";
export {
  evaluatePolicy,
  type UnusedSince,
  unusedSinceFromHistory,
} from "./evaluate/evaluate-policy.ts";
export { familyRanks } from "./evaluate/family-ranks.ts";
export { type ImageMark, MARK_PREFIX, markOf, markTag } from "./evaluate/mark-tag.ts";
export {
  ApplyBusyError,
  type LifecycleLayout,
  LifecycleStore,
  lifecycleLayout,
  PlanUnreadableError,
} from "./plan/lifecycle-store.ts";
export { checkLifecycleConfig, makePlan, type PlanDependencies } from "./plan/make-plan.ts";
export { openLifecycleStore } from "./plan/open-lifecycle-store.ts";
export {
  countActions,
  LifecyclePlan,
  PLAN_ACTIONS,
  PlanAction,
  PlanCounts,
  PlanEvidence,
  PlanRow,
} from "./plan/plan-document.ts";
export { type CompiledPolicy, compilePolicy } from "./policy/compiled-policy.ts";
export { LifecyclePolicy, LifecycleRule, MAX_POLICY_DAYS } from "./policy/lifecycle-policy.ts";
export { PolicyError, type PolicyIssue } from "./policy/policy-error.ts";
export { MAX_POLICY_BYTES, readPolicy } from "./policy/read-policy.ts";
export { runApply } from "./run/apply-run.ts";
export {
  createPlanLifecycleHandler,
  type PlanLifecycleDependencies,
  type PlanLifecycleResult,
} from "./run/plan-lifecycle-handler.ts";
export { type RunOptions, runPlan } from "./run/plan-run.ts";
export { policyFromEnvironment } from "./run/policy-source.ts";
