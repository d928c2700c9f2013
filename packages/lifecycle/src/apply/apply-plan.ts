import {
  addDays,
  dayOf,
  type Image,
  type ImageClient,
  ImageNotFoundError,
  type ImageRef,
  mapWithConcurrency,
  NhnImagesError,
  UpstreamError,
} from "@nhn-images/core";
import { type PutEvents, publishEvents, requestsOf } from "@nhn-images/inventory/export";
import { familyRanks } from "../evaluate/family-ranks.ts";
import { markOf, markTag } from "../evaluate/mark-tag.ts";
import type { LifecycleStore } from "../plan/lifecycle-store.ts";
import type { LifecyclePlan, PlanRow } from "../plan/plan-document.ts";
import { compilePolicy } from "../policy/compiled-policy.ts";
import { type ActionEntry, type ActionResult, AuditLog } from "./audit-log.ts";
import { lifecycleEventEntries, type RunCompletedDetail } from "./lifecycle-events.ts";
import { recheck } from "./recheck.ts";

/** A plan older than this is refused (DESIGN.md: "refuses a plan older than one day"). */
export const MAX_PLAN_AGE_MS = 24 * 3600_000;
/** How long the apply lock holds if its run is killed (a longer run renews nothing: it ends). */
export const APPLY_LOCK_MS = 3600_000;
/** How a dry run's rows begin: what apply with `--yes` would do. */
export const DRY_RUN = "dry run, would";
/** Marks and unmarks sent at once (the client lets four requests run at a time). */
const WRITES_AT_ONCE = 4;

/** The plan is too old to act on: make a new one. */
export class PlanTooOldError extends NhnImagesError {
  override readonly name = "PlanTooOldError";
}

export interface ApplyDependencies {
  readonly client: ImageClient;
  readonly store: LifecycleStore;
  readonly now: () => number;
  readonly runId: string;
  /** False: a dry run, which writes nothing (no lock, no audit log, no upstream write). */
  readonly act: boolean;
  /** Each action as it is decided (a progress line). */
  readonly onAction?: ((entry: ActionEntry) => void) | undefined;
  /** The bus the run's events go on (`EVENT_BUS_NAME`), after the run; none without it. */
  readonly events?: LifecycleEventSink | undefined;
}

/** Where `Image Marked For Deletion`, …, and `Lifecycle Run Completed` are put. */
export interface LifecycleEventSink {
  readonly busName: string;
  readonly putEvents: PutEvents;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface ApplyOutcome {
  readonly runId: string;
  readonly planId: string;
  /** The audit log's key; null for a dry run. */
  readonly auditKey: string | null;
  readonly entries: readonly ActionEntry[];
  readonly counts: Readonly<Record<ActionResult, number>>;
  readonly deleted: number;
  readonly reclaimedBytes: number;
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
    return await carryOut(plan, deps, dayOf(started));
  } finally {
    await lock?.release();
  }
}

async function carryOut(
  plan: LifecyclePlan,
  deps: ApplyDependencies,
  today: string,
): Promise<ApplyOutcome> {
  const policy = compilePolicy(plan.policy);
  const projects = new Set(plan.projects);
  const live = await deps.client.listAllImages();
  const own = live.filter((image) => image.owner !== null && projects.has(image.owner));
  const rankOf = familyRanks(own);
  const byKey = new Map(own.map((image) => [keyOf(image.id, image.region), image]));
  const auditKey = deps.store.layout.actions(today, deps.runId);
  const audit = deps.act ? new AuditLog(deps.store, auditKey) : null;
  const entries: ActionEntry[] = [];
  let deleted = 0;
  let reclaimedBytes = 0;

  async function record(
    row: PlanRow,
    result: ActionResult,
    reason: string,
    httpStatus: number | null,
  ) {
    const entry: ActionEntry = {
      at: new Date(deps.now()).toISOString(),
      id: row.id,
      region: row.region,
      name: row.name,
      action: row.action as ActionEntry["action"],
      result,
      reason,
      httpStatus,
    };
    entries.push(entry);
    deps.onAction?.(entry);
    // A delete waits for its line to be stored; a mark or unmark goes on while its line waits
    // for the next write (the run waits for them all before its deletes).
    if (row.action === "delete") await audit?.append(entry);
    else audit?.appendSoon(entry);
  }

  /** The row's image now, and whether the rules still give its action; null when gone. */
  function stillDue(row: PlanRow, image: Image | undefined) {
    if (image === undefined) return { image: null, reason: "the image no longer exists" };
    // A fresh read has no status change to rank by: the listing's rank of its (region, id).
    const decision = recheck(policy, plan, row, image, rankOf(image), deps.now());
    if (decision.action !== row.action) {
      return { image: null, reason: `the rules now give ${decision.action}: ${decision.reason}` };
    }
    return { image, reason: decision.reason };
  }

  /** Sends a row's write (not in a dry run) and logs what came of it. */
  async function write(
    row: PlanRow,
    image: Image,
    reason: string,
    send: (ref: ImageRef) => Promise<number>,
  ) {
    if (!deps.act) return record(row, "skipped", `${DRY_RUN} ${row.action}: ${reason}`, null);
    try {
      const status = await send({ id: image.id, region: image.region, project: image.owner });
      await record(row, "done", reason, status);
    } catch (error) {
      if (!(error instanceof NhnImagesError)) throw error;
      await record(row, "failed", error.message, httpStatusOf(error));
    }
  }

  const tagRows = plan.rows.filter((row) => row.action === "mark" || row.action === "unmark");
  await mapWithConcurrency(tagRows, WRITES_AT_ONCE, async (row) => {
    // A failed write of the audit log stops the run: no action goes unlogged past it.
    audit?.throwIfFailed();
    const due = stillDue(row, byKey.get(keyOf(row.id, row.region)));
    if (due.image === null) return record(row, "skipped", due.reason, null);
    const image = due.image;
    const rule = plan.policy.rules.find((r) => r.name === row.rule);
    if (row.action === "mark") {
      const tag = markTag(addDays(today, rule?.graceDays ?? 0));
      return write(
        row,
        image,
        `${due.reason}; marked ${tag}`,
        async (ref) => (await deps.client.addImageTag(ref, tag)).httpStatus,
      );
    }
    return write(row, image, due.reason, async (ref) => {
      let status = 204;
      for (const tag of markOf(image.tags)?.tags ?? []) {
        status = (await deps.client.removeImageTag(ref, tag)).httpStatus;
      }
      return status;
    });
  });

  await audit?.settled();
  for (const row of plan.rows.filter((r) => r.action === "delete")) {
    if (deleted >= plan.policy.maxDeletesPerRun) {
      await record(
        row,
        "skipped",
        `maxDeletesPerRun (${plan.policy.maxDeletesPerRun}) reached`,
        null,
      );
      continue;
    }
    const listed = stillDue(row, byKey.get(keyOf(row.id, row.region)));
    if (listed.image === null) {
      await record(row, "skipped", listed.reason, null);
      continue;
    }
    // The irreversible action: the image (and its region's usage) read again just before it.
    const fresh = await readAgain(deps.client, row);
    if (fresh instanceof Error) {
      await record(row, "failed", `could not re-read it: ${fresh.message}`, httpStatusOf(fresh));
      continue;
    }
    const due = stillDue(row, fresh ?? undefined);
    if (due.image === null) {
      await record(row, "skipped", due.reason, null);
      continue;
    }
    const image = due.image;
    if (!deps.act) {
      deleted++;
      await record(row, "skipped", `${DRY_RUN} delete: ${due.reason}`, null);
      continue;
    }
    try {
      const outcome = await deps.client.deleteImage({
        id: image.id,
        region: image.region,
        project: image.owner,
      });
      if (outcome.alreadyGone) {
        await record(row, "skipped", "the image was already gone", outcome.httpStatus);
      } else {
        deleted++;
        reclaimedBytes += image.size ?? 0;
        await record(row, "done", due.reason, outcome.httpStatus);
      }
    } catch (error) {
      if (!(error instanceof NhnImagesError)) throw error;
      await record(row, "failed", error.message, httpStatusOf(error));
    }
  }

  await audit?.settled();
  const counts = { done: 0, skipped: 0, failed: 0 };
  for (const entry of entries) counts[entry.result]++;
  const outcome: ApplyOutcome = {
    runId: deps.runId,
    planId: plan.planId,
    auditKey: audit === null ? null : auditKey,
    entries,
    counts,
    deleted,
    reclaimedBytes,
  };
  if (deps.act && deps.events !== undefined) await publishRun(outcome, plan, deps.events);
  return outcome;
}

/** The run's events: one per action done, then `Lifecycle Run Completed`. */
async function publishRun(outcome: ApplyOutcome, plan: LifecyclePlan, sink: LifecycleEventSink) {
  const completed: RunCompletedDetail = {
    runId: outcome.runId,
    planId: plan.planId,
    planDate: plan.planDate,
    auditKey: outcome.auditKey ?? "",
    counts: outcome.counts,
    deleted: outcome.deleted,
    reclaimedBytes: outcome.reclaimedBytes,
  };
  const done = outcome.entries.filter((entry) => entry.result === "done");
  await publishEvents(
    sink.putEvents,
    requestsOf(lifecycleEventEntries(done, completed, sink.busName)),
    { busName: sink.busName, sleep: sink.sleep },
  );
}

/** The row's image by id in its region (with usage), null when gone, or the failure. */
async function readAgain(client: ImageClient, row: PlanRow): Promise<Image | null | Error> {
  try {
    return await client.getImage(row.id, row.region);
  } catch (error) {
    if (error instanceof ImageNotFoundError) return null;
    if (error instanceof NhnImagesError) return error;
    throw error;
  }
}

function httpStatusOf(error: Error): number | null {
  return error instanceof UpstreamError ? error.httpStatus : null;
}

function keyOf(id: string, region: string): string {
  return `${region}\u0000${id}`;
}
