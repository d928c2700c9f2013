import type { S3Client } from "@aws-sdk/client-s3";
import { NhnImagesError } from "@nhn-images/core";
import { type InventoryLayout, inventoryLayout } from "@nhn-images/inventory";
import { acquireLock, type RunLock, SnapshotStore } from "@nhn-images/inventory/export";
import { LifecyclePlan } from "./plan-document.ts";

/** The lifecycle's keys in the inventory bucket, under `INVENTORY_PREFIX` like the inventory's. */
export function lifecycleLayout(prefix: string) {
  const root = `${prefix}lifecycle/`;
  return {
    plansPrefix: `${root}plans/dt=`,
    plan: (date: string) => `${root}plans/dt=${date}/plan.json`,
    /** The audit log of one apply run: one JSON line per action, as it happens. */
    actions: (date: string, runId: string) => `${root}actions/dt=${date}/${runId}.ndjson`,
    actionsOf: (date: string) => `${root}actions/dt=${date}/`,
    lock: `${root}locks/apply.json`,
    lockClaim: (runId: string) => `${root}locks/apply/${runId}.json`,
    lockClaims: `${root}locks/apply/`,
    dateOfPlanKey(key: string): string | null {
      const match = /plans\/dt=(\d{4}-\d{2}-\d{2})\/plan\.json$/.exec(key);
      return key.startsWith(root) && match !== null ? (match[1] as string) : null;
    },
  };
}
export type LifecycleLayout = ReturnType<typeof lifecycleLayout>;

/** Another apply holds the lifecycle's lock: this one changes nothing. */
export class ApplyBusyError extends NhnImagesError {
  override readonly name = "ApplyBusyError";
}

/** A plan that cannot be read (missing, not a plan): apply refuses it. */
export class PlanUnreadableError extends NhnImagesError {
  override readonly name = "PlanUnreadableError";
}

/**
 * The lifecycle's objects in the inventory bucket: plans, the apply lock and the audit logs, through
 * the inventory's small-object store (so a store without conditional writes, Swift's S3 layer,
 * gets the same claims as the export's lock).
 */
export class LifecycleStore {
  readonly layout: LifecycleLayout;
  readonly #objects: SnapshotStore;

  constructor(s3: S3Client, bucket: string, prefix: string) {
    this.layout = lifecycleLayout(prefix);
    const inventory: InventoryLayout = inventoryLayout(prefix);
    this.#objects = new SnapshotStore(s3, bucket, inventory);
  }

  /** Writes the plan of its day (a second plan of the day replaces the first); its key. */
  async writePlan(plan: LifecyclePlan): Promise<string> {
    const key = this.layout.plan(plan.planDate);
    await this.#objects.putJson(key, plan);
    return key;
  }

  /** The key of the newest plan, or null when there is none. */
  async latestPlanKey(): Promise<string | null> {
    let best: { date: string; key: string } | null = null;
    for (const key of await this.#objects.keysUnder(this.layout.plansPrefix)) {
      const date = this.layout.dateOfPlanKey(key);
      if (date !== null && (best === null || date > best.date)) best = { date, key };
    }
    return best?.key ?? null;
  }

  /** @throws {PlanUnreadableError} when there is no plan at `key`, or it is not a plan. */
  async readPlan(key: string): Promise<LifecyclePlan> {
    const stored = await this.#objects.readJson(key);
    if (stored === null) throw new PlanUnreadableError(`There is no plan at ${key}`);
    const parsed = LifecyclePlan.safeParse(stored.value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new PlanUnreadableError(
        `${key} is not a lifecycle plan (${first?.path.join(".") || "$"}: ${first?.message})`,
      );
    }
    return parsed.data;
  }

  /** Writes the audit log of a run, whole (S3 has no append: each write replaces it). */
  async writeActions(key: string, lines: readonly string[]): Promise<void> {
    await this.#objects.putText(key, lines.join(""), "application/x-ndjson");
  }

  /** Every line of every audit log of `date`. */
  async actionsOf(date: string): Promise<string[]> {
    const prefix = this.layout.actionsOf(date);
    const lines: string[] = [];
    for (const key of await this.#objects.keysUnder(prefix)) {
      const text = await this.#objects.readText(key);
      if (text !== null) lines.push(...text.split("\n").filter((line) => line !== ""));
    }
    return lines;
  }

  /** The apply lock (one apply at a time), held until `expiresAt` unless released. */
  lock(runId: string, expiresAt: number, now: () => number): Promise<RunLock> {
    return acquireLock(
      this.#objects,
      {
        key: this.layout.lock,
        claim: this.layout.lockClaim,
        claims: this.layout.lockClaims,
        guards: "the lifecycle apply",
        busy: (message) => new ApplyBusyError(message),
      },
      runId,
      expiresAt,
      now,
    );
  }
}
