import { type Image, type ImageClient, NhnImagesError, UpstreamError } from "@nhn-images/core";
import { familyRanks } from "../evaluate/family-ranks.ts";
import type { LifecyclePlan, PlanRow } from "../plan/plan-document.ts";
import { type CompiledPolicy, compilePolicy } from "../policy/compiled-policy.ts";
import type { ApplyDependencies, ApplyOutcome } from "./apply-interfaces.ts";
import { type ActionEntry, type ActionResult, AuditLog } from "./audit-log.ts";
import { recheck } from "./recheck.ts";

/** How a dry run's rows begin: what apply with `--yes` would do. */
export const DRY_RUN = "dry run, would";

/** A row's image as it is now, if the rules still give the row's action; else why not. */
export type StillDue = { image: Image; reason: string } | { image: null; reason: string };

/**
 * One apply as it goes: the plan, the images as listed live at its start (the project's own, by
 * region and id, with their family ranks), the audit log, and what has been done so far.
 */
export class ApplyRun {
  readonly policy: CompiledPolicy;
  readonly audit: AuditLog | null;
  readonly auditKey: string;
  readonly entries: ActionEntry[] = [];
  deleted = 0;
  reclaimedBytes = 0;
  readonly #listed: Map<string, Image>;
  readonly #rankOf: (image: Image) => number | null;

  constructor(
    readonly plan: LifecyclePlan,
    readonly deps: ApplyDependencies,
    /** The apply's day (UTC): its marks' grace counts from it, its audit log is under it. */
    readonly today: string,
    live: readonly Image[],
  ) {
    this.policy = compilePolicy(plan.policy);
    const projects = new Set(plan.projects);
    const own = live.filter((image) => image.owner !== null && projects.has(image.owner));
    this.#rankOf = familyRanks(own);
    this.#listed = new Map(own.map((image) => [keyOf(image.id, image.region), image]));
    this.auditKey = deps.store.layout.actions(today, deps.runId);
    this.audit = deps.act ? new AuditLog(deps.store, this.auditKey) : null;
  }

  get client(): ImageClient {
    return this.deps.client;
  }

  /** The row's image as the listing at the start found it. */
  listed(row: PlanRow): Image | undefined {
    return this.#listed.get(keyOf(row.id, row.region));
  }

  /** Whether the rules still give the row's action for `image` as it is now. */
  stillDue(row: PlanRow, image: Image | undefined): StillDue {
    if (image === undefined) return { image: null, reason: "the image no longer exists" };
    // A fresh read has no status change to rank by: the listing's rank of its (region, id).
    const decision = recheck(
      this.policy,
      this.plan,
      row,
      image,
      this.#rankOf(image),
      this.deps.now(),
    );
    if (decision.action !== row.action) {
      return { image: null, reason: `the rules now give ${decision.action}: ${decision.reason}` };
    }
    return { image, reason: decision.reason };
  }

  /**
   * Logs what came of a row. A delete waits for its line to be stored; a mark or unmark goes on
   * while its line waits for the next write (the run waits for them all before its deletes).
   */
  async record(row: PlanRow, result: ActionResult, reason: string, httpStatus: number | null) {
    const entry: ActionEntry = {
      at: new Date(this.deps.now()).toISOString(),
      id: row.id,
      region: row.region,
      name: row.name,
      action: row.action as ActionEntry["action"],
      result,
      reason,
      httpStatus,
    };
    this.entries.push(entry);
    this.deps.onAction?.(entry);
    if (row.action === "delete") await this.audit?.append(entry);
    else this.audit?.appendSoon(entry);
  }

  /** Logs a failure upstream as the row's `failed` line; anything else is thrown. */
  async recordFailure(row: PlanRow, error: unknown, prefix = "") {
    if (!(error instanceof NhnImagesError)) throw error;
    await this.record(row, "failed", `${prefix}${error.message}`, httpStatusOf(error));
  }

  /** What the run did, once its log is stored. */
  async outcome(): Promise<ApplyOutcome> {
    await this.audit?.settled();
    const counts = { done: 0, skipped: 0, failed: 0 };
    for (const entry of this.entries) counts[entry.result]++;
    return {
      runId: this.deps.runId,
      planId: this.plan.planId,
      auditKey: this.audit === null ? null : this.auditKey,
      entries: this.entries,
      counts,
      deleted: this.deleted,
      reclaimedBytes: this.reclaimedBytes,
    };
  }
}

function httpStatusOf(error: Error): number | null {
  return error instanceof UpstreamError ? error.httpStatus : null;
}

function keyOf(id: string, region: string): string {
  return `${region}\u0000${id}`;
}
