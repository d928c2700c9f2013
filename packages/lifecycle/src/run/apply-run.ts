import { randomUUID } from "node:crypto";
import { loadConfig, loadInventoryConfig, startImageClient } from "@nhn-images/core";
import { eventBridgePutEvents } from "@nhn-images/inventory/export";
import { type ApplyOutcome, applyPlan } from "../apply/apply-plan.ts";
import type { ActionEntry } from "../apply/audit-log.ts";
import { PlanUnreadableError } from "../plan/lifecycle-store.ts";
import { checkLifecycleConfig } from "../plan/make-plan.ts";
import { openLifecycleStore } from "../plan/open-lifecycle-store.ts";
import type { LifecyclePlan } from "../plan/plan-document.ts";
import type { RunOptions } from "./plan-run.ts";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One apply, as `nhn-images lifecycle apply` and the scheduled function run it: the plan at
 * `planKey` (default the newest under `lifecycle/plans/`), carried out (or, `act` false, a dry
 * run), its events on `EVENT_BUS_NAME` when set.
 *
 * @throws {PlanUnreadableError} when there is no plan, or it cannot be read.
 */
export async function runApply(
  env: Readonly<Record<string, string | undefined>>,
  options: RunOptions & {
    readonly planKey?: string | undefined;
    readonly act: boolean;
    readonly onAction?: ((entry: ActionEntry) => void) | undefined;
    /** Told which plan is applied, before anything is done. */
    readonly onPlan?: ((plan: LifecyclePlan, key: string) => void) | undefined;
  },
): Promise<{ outcome: ApplyOutcome; plan: LifecyclePlan; key: string }> {
  const { config, client } = await startImageClient(env, {
    getSecureString: options.getSecureString,
    logger: options.logger,
    fetch: options.fetch,
    sleep: options.sleep,
  });
  checkLifecycleConfig(client, config.projects);
  const store = await openLifecycleStore(loadInventoryConfig(env), {
    getSecureString: options.getSecureString,
  });
  const key = options.planKey ?? (await store.latestPlanKey());
  if (key === null) {
    throw new PlanUnreadableError(
      "The inventory bucket holds no lifecycle plan yet: make one with nhn-images lifecycle plan",
    );
  }
  const plan = await store.readPlan(key);
  options.onPlan?.(plan, key);
  const { busName, endpoint } = loadConfig(env).events;
  const bus = busName === null || !options.act ? null : await eventBridgePutEvents(endpoint, env);
  try {
    const outcome = await applyPlan(plan, {
      client,
      store,
      now: options.now ?? Date.now,
      runId: (options.randomUUID ?? randomUUID)(),
      act: options.act,
      onAction: options.onAction,
      events:
        bus === null || busName === null
          ? undefined
          : { busName, putEvents: bus.putEvents, sleep: options.sleep ?? defaultSleep },
    });
    return { outcome, plan, key };
  } finally {
    bus?.close();
  }
}
