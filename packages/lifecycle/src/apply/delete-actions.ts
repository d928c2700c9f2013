import { type Image, type ImageClient, ImageNotFoundError, NhnImagesError } from "@nhn-images/core";
import type { PlanRow } from "../plan/plan-document.ts";
import { type ApplyRun, DRY_RUN } from "./apply-progress.ts";

/**
 * The plan's deletes, one at a time, at most `maxDeletesPerRun`: each row's image acted on only
 * if the rules still give `delete` for it as listed at the start and, read again by id with its
 * region's usage just before, still then. Glance's refusals are `failed` lines; an image already
 * gone is `skipped`.
 */
export async function applyDeleteRows(run: ApplyRun): Promise<void> {
  const { maxDeletesPerRun } = run.plan.policy;
  for (const row of run.plan.rows.filter((candidate) => candidate.action === "delete")) {
    if (run.deleted >= maxDeletesPerRun) {
      await run.record(row, "skipped", `maxDeletesPerRun (${maxDeletesPerRun}) reached`, null);
      continue;
    }
    const listed = run.stillDue(row, run.listed(row));
    if (listed.image === null) {
      await run.record(row, "skipped", listed.reason, null);
      continue;
    }
    // The irreversible action: the image (and its region's usage) read again just before it.
    const fresh = await readAgain(run.client, row);
    if (fresh instanceof Error) {
      await run.recordFailure(row, fresh, "could not re-read it: ");
      continue;
    }
    const due = run.stillDue(row, fresh ?? undefined);
    if (due.image === null) await run.record(row, "skipped", due.reason, null);
    else await deleteImage(run, row, due.image, due.reason);
  }
}

async function deleteImage(run: ApplyRun, row: PlanRow, image: Image, reason: string) {
  if (!run.deps.act) {
    run.deleted++;
    await run.record(row, "skipped", `${DRY_RUN} delete: ${reason}`, null);
    return;
  }
  try {
    const ref = { id: image.id, region: image.region, project: image.owner };
    const outcome = await run.client.deleteImage(ref);
    if (outcome.alreadyGone) {
      await run.record(row, "skipped", "the image was already gone", outcome.httpStatus);
      return;
    }
    run.deleted++;
    run.reclaimedBytes += image.size ?? 0;
    await run.record(row, "done", reason, outcome.httpStatus);
  } catch (error) {
    await run.recordFailure(row, error);
  }
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
