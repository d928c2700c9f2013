import { NhnImagesError } from "@nhn-images/core";

/** A snapshot would drop more images than `EXPORT_MAX_DROP_PCT` allows: nothing was written. */
export class SnapshotDropError extends NhnImagesError {
  override readonly name = "SnapshotDropError";
}

/**
 * Refuses a snapshot of `images` that has more than `maxDropPct` percent fewer images than the
 * previous snapshot's `previousImages` — an upstream answer that looks successful but lists
 * nothing (or a fraction) would otherwise record every image as removed and move `latest.json`.
 * `force` (the `{"force": true}` event) writes it anyway; `maxDropPct` 0 never refuses.
 *
 * @throws {SnapshotDropError} naming both counts and how to force the run.
 */
export function refuseLargeDrop(
  snapshotDate: string,
  images: number,
  previousSnapshotDate: string | null,
  previousImages: number | null,
  options: { readonly maxDropPct?: number | undefined; readonly force?: boolean | undefined },
): void {
  const maxDropPct = options.maxDropPct ?? 50;
  if (options.force === true || maxDropPct === 0) return;
  if (previousSnapshotDate === null || previousImages === null || previousImages === 0) return;
  const dropPct = ((previousImages - images) / previousImages) * 100;
  if (dropPct <= maxDropPct) return;
  throw new SnapshotDropError(
    `The snapshot of ${snapshotDate} has ${images} images, ${dropPct.toFixed(1)}% fewer than the ${previousImages} of ${previousSnapshotDate} (EXPORT_MAX_DROP_PCT is ${maxDropPct}); nothing was written. If the drop is real, run again with {"date":"${snapshotDate}","force":true}`,
  );
}
