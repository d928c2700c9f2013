import { addDays, type Image, type ImageRef, mapWithConcurrency } from "@nhn-images/core";
import { markOf, markTag } from "../evaluate/mark-tag.ts";
import type { PlanRow } from "../plan/plan-document.ts";
import { type ApplyRun, DRY_RUN } from "./apply-progress.ts";

/** Marks and unmarks sent at once (the client lets four requests run at a time). */
const WRITES_AT_ONCE = 4;

/**
 * The plan's marks and unmarks, a few at a time: each row's image as listed at the start of the
 * run, acted on only if the rules still give the row's action (a mark is the tag of the day the
 * rule's grace ends from today; an unmark removes every mark). A failed write of the audit log
 * stops them: no action goes unlogged past it.
 */
export async function applyTagRows(run: ApplyRun): Promise<void> {
  const rows = run.plan.rows.filter((row) => row.action === "mark" || row.action === "unmark");
  await mapWithConcurrency(rows, WRITES_AT_ONCE, async (row) => {
    run.audit?.throwIfFailed();
    const due = run.stillDue(row, run.listed(row));
    if (due.image === null) return run.record(row, "skipped", due.reason, null);
    const image = due.image;
    if (row.action === "mark") {
      const rule = run.plan.policy.rules.find((candidate) => candidate.name === row.rule);
      const tag = markTag(addDays(run.today, rule?.graceDays ?? 0));
      return write(run, row, image, `${due.reason}; marked ${tag}`, async (ref) => {
        return (await run.client.addImageTag(ref, tag)).httpStatus;
      });
    }
    return write(run, row, image, due.reason, async (ref) => {
      let status = 204;
      for (const tag of markOf(image.tags)?.tags ?? []) {
        status = (await run.client.removeImageTag(ref, tag)).httpStatus;
      }
      return status;
    });
  });
}

/** Sends a row's write (not in a dry run) and logs what came of it. */
async function write(
  run: ApplyRun,
  row: PlanRow,
  image: Image,
  reason: string,
  send: (ref: ImageRef) => Promise<number>,
): Promise<void> {
  if (!run.deps.act) return run.record(row, "skipped", `${DRY_RUN} ${row.action}: ${reason}`, null);
  try {
    const status = await send({ id: image.id, region: image.region, project: image.owner });
    await run.record(row, "done", reason, status);
  } catch (error) {
    await run.recordFailure(row, error);
  }
}
