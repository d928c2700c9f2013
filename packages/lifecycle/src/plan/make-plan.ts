import { addDays, ConfigError, dayOf, type ImageClient } from "@nhn-images/core";
import { type InventoryReader, readUsageHistory } from "@nhn-images/inventory";
import { evaluatePolicy, unusedSinceFromHistory } from "../evaluate/evaluate-policy.ts";
import { compilePolicy } from "../policy/compiled-policy.ts";
import type { LifecyclePolicy } from "../policy/lifecycle-policy.ts";
import { countActions, type LifecyclePlan } from "./plan-document.ts";

export interface PlanDependencies {
  /** The live images, with usage (`NHN_USAGE=true`, v2). */
  readonly client: ImageClient;
  /** The inventory: the usage history of the policy's windows. */
  readonly reader: InventoryReader;
  /** The configured projects (`NHN_TENANT_ID`): only their images are planned for. */
  readonly projects: readonly string[];
  readonly now: () => number;
  readonly planId: string;
  /** Called while the history is read and the images listed. */
  readonly onProgress?: ((message: string) => void) | undefined;
}

/**
 * Lifecycle needs usage, v2 and named projects: without them nothing could be proven unused.
 * @throws {ConfigError} naming the variable.
 */
export function checkLifecycleConfig(client: ImageClient, projects: readonly string[]): void {
  if (client.apiVersion !== "v2") {
    throw new ConfigError([
      { param: "NHN_API_VERSION", message: "must be v2 for lifecycle: v1 cannot change images" },
    ]);
  }
  if (!client.usage) {
    throw new ConfigError([
      {
        param: "NHN_USAGE",
        message: "must be true for lifecycle: no image is deleted without usage evidence",
      },
    ]);
  }
  if (projects.length === 0) {
    throw new ConfigError([
      {
        param: "NHN_TENANT_ID",
        message: "must name the projects whose images lifecycle may act on",
      },
    ]);
  }
}

/**
 * The plan of `policy` for today: the live images (with usage) and, from the inventory, each
 * image's run of `unused` verdicts over the longest `unusedForDays` of the rules (the days before
 * today, newest first, read concurrently with the listing), evaluated by {@link evaluatePolicy}.
 * Writes nothing: the caller stores it ({@link LifecycleStore.writePlan}).
 */
export async function makePlan(
  policy: LifecyclePolicy,
  deps: PlanDependencies,
): Promise<LifecyclePlan> {
  checkLifecycleConfig(deps.client, deps.projects);
  const compiled = compilePolicy(policy);
  const createdAt = deps.now();
  const planDate = dayOf(createdAt);
  const windowDays = Math.max(...policy.rules.map((rule) => rule.unusedForDays));
  deps.onProgress?.(`reading ${windowDays} days of usage history and listing the live images`);
  // The manifests are listed once: for the history, and for the plan's snapshot date.
  const listed = deps.reader.catalogue();
  const [catalogue, history, images] = await Promise.all([
    listed,
    listed.then((found) => readUsageHistory(deps.reader, found, addDays(planDate, -1), windowDays)),
    deps.client.listAllImages(),
  ]);
  const rows = evaluatePolicy(
    compiled,
    images,
    new Set(deps.projects),
    unusedSinceFromHistory(history, planDate),
    { date: planDate, now: createdAt },
  );
  const reclaimableBytes = rows
    .filter((row) => row.action === "delete")
    .reduce((sum, row) => sum + (row.size ?? 0), 0);
  return {
    planId: deps.planId,
    createdAt: new Date(createdAt).toISOString(),
    planDate,
    policy,
    snapshotDate: catalogue.snapshots[0]?.snapshotDate ?? null,
    projects: [...deps.projects],
    counts: countActions(rows),
    reclaimableBytes,
    rows,
  };
}
