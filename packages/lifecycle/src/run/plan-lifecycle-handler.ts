import type { CoreLogger } from "@nhn-images/core";
import { runApply } from "./apply-run.ts";
import { runPlan } from "./plan-run.ts";
import { policyFromEnvironment } from "./policy-source.ts";

export interface PlanLifecycleDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: CoreLogger & { error(message: string, extra: Record<string, unknown>): void };
  readonly getSecureString?: (name: string) => Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly randomUUID?: () => string;
}

/** What one invocation did. */
export interface PlanLifecycleResult {
  readonly planKey: string;
  readonly planDate: string;
  readonly counts: { keep: number; mark: number; unmark: number; delete: number };
  readonly reclaimableBytes: number;
  /** What the apply did, or null when the stage only plans (`lifecycleApply` not true). */
  readonly applied: {
    readonly auditKey: string | null;
    readonly counts: { done: number; skipped: number; failed: number };
    readonly deleted: number;
  } | null;
}

/**
 * The scheduled `plan-lifecycle` function: the policy from `LIFECYCLE_POLICY` or
 * `LIFECYCLE_POLICY_KEY`, today's plan written to the bucket and, only when `LIFECYCLE_APPLY` is
 * `true` (the stage parameter `lifecycleApply`), applied. It throws on any failure (a failed
 * action too, after the run), so the failure is the invocation's.
 */
export function createPlanLifecycleHandler(deps: PlanLifecycleDependencies) {
  return async (): Promise<PlanLifecycleResult> => {
    const options = {
      now: deps.now,
      getSecureString: deps.getSecureString,
      logger: deps.logger,
      fetch: deps.fetch,
      sleep: deps.sleep,
      randomUUID: deps.randomUUID,
    };
    const policy = await policyFromEnvironment(deps.env, deps.getSecureString);
    const { plan, key } = await runPlan(deps.env, policy, options);
    deps.logger.info("Lifecycle plan written", {
      planKey: key,
      counts: plan.counts,
      reclaimableBytes: plan.reclaimableBytes,
    });
    const result = {
      planKey: key,
      planDate: plan.planDate,
      counts: plan.counts,
      reclaimableBytes: plan.reclaimableBytes,
    };
    if (deps.env.LIFECYCLE_APPLY !== "true") return { ...result, applied: null };
    const { outcome } = await runApply(deps.env, { ...options, planKey: key, act: true });
    const applied = {
      auditKey: outcome.auditKey,
      counts: outcome.counts,
      deleted: outcome.deleted,
    };
    deps.logger.info("Lifecycle plan applied", applied);
    if (outcome.counts.failed > 0) {
      deps.logger.error("Lifecycle actions failed", {
        failed: outcome.counts.failed,
        auditKey: outcome.auditKey,
      });
      throw new Error(
        `${outcome.counts.failed} lifecycle actions failed; the audit log ${outcome.auditKey} says why`,
      );
    }
    return { ...result, applied };
  };
}
