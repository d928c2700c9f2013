import { randomUUID } from "node:crypto";
import { type CoreLogger, loadInventoryConfig, startImageClient } from "@nhn-images/core";
import { openInventory } from "@nhn-images/inventory";
import { makePlan } from "../plan/make-plan.ts";
import { openLifecycleStore } from "../plan/open-lifecycle-store.ts";
import type { LifecyclePlan } from "../plan/plan-document.ts";
import type { LifecyclePolicy } from "../policy/lifecycle-policy.ts";

/** What a plan run is given besides the environment; tests and the CLI inject the world. */
export interface RunOptions {
  readonly now?: (() => number) | undefined;
  readonly randomUUID?: (() => string) | undefined;
  readonly getSecureString?: ((name: string) => Promise<string>) | undefined;
  readonly logger?: CoreLogger | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

/**
 * One plan, as `nhn-images lifecycle plan` and the scheduled function make it: the client and the
 * inventory of the environment, the plan made and written to
 * `lifecycle/plans/dt=YYYY-MM-DD/plan.json`.
 *
 * @throws {ConfigError} naming the variable (NHN_USAGE, NHN_API_VERSION, NHN_TENANT_ID,
 *   INVENTORY_BUCKET) when lifecycle cannot run as configured.
 */
export async function runPlan(
  env: Readonly<Record<string, string | undefined>>,
  policy: LifecyclePolicy,
  options: RunOptions & { readonly onProgress?: ((message: string) => void) | undefined } = {},
): Promise<{ plan: LifecyclePlan; key: string }> {
  const now = options.now ?? Date.now;
  const { config, client } = await startImageClient(env, {
    getSecureString: options.getSecureString,
    logger: options.logger,
    fetch: options.fetch,
    sleep: options.sleep,
  });
  const inventoryConfig = loadInventoryConfig(env);
  const [reader, store] = await Promise.all([
    openInventory(inventoryConfig, { getSecureString: options.getSecureString, now }),
    openLifecycleStore(inventoryConfig, { getSecureString: options.getSecureString }),
  ]);
  const plan = await makePlan(policy, {
    client,
    reader,
    projects: config.projects,
    now,
    planId: (options.randomUUID ?? randomUUID)(),
    onProgress: options.onProgress,
  });
  return { plan, key: await store.writePlan(plan) };
}
