import type { Image } from "@nhn-images/core";
import type { Change, PreviousImage } from "../../diff/image-diff.ts";
import type { Manifest } from "../../layout/manifest.ts";

/** Every event's `source`: rules select the export's events with `"source": ["nhn-images"]`. */
export const EVENT_SOURCE = "nhn-images";

/** A change of the snapshot with the image it is about: as it is now, or as it was if removed. */
export interface ChangedImage {
  readonly change: Change;
  readonly image: Image | PreviousImage;
}

export const CHANGE_DETAIL_TYPES = {
  added: "Image Added",
  removed: "Image Removed",
  changed: "Image Changed",
} as const;
export const SNAPSHOT_COMPLETED = "Inventory Snapshot Completed";

/** `detail` of an `Image Added`, `Image Removed` or `Image Changed` event (DESIGN.md). */
export interface ImageChangeDetail {
  readonly snapshotDate: string;
  readonly runId: string;
  readonly change: Change["change"];
  readonly image: Image | PreviousImage;
  readonly fields: Change["fields"];
  /** The same for the same change of the same image on the same date, however often re-run. */
  readonly dedupKey: string;
}

/** `detail` of the `Inventory Snapshot Completed` event (DESIGN.md). */
export interface SnapshotCompletedDetail {
  readonly snapshotDate: string;
  readonly runId: string;
  readonly manifestKey: string;
  readonly previousSnapshotDate: string | null;
  readonly counts: Manifest["counts"];
  readonly changes: Manifest["changes"];
  /** Whether the snapshot has more changes than change events were sent (`EVENT_MAX_CHANGES`). */
  readonly changeEventsTruncated: boolean;
  readonly dedupKey: string;
}

/** One event, before it becomes a PutEvents entry. */
export type SnapshotEvent =
  | {
      readonly detailType: (typeof CHANGE_DETAIL_TYPES)[Change["change"]];
      readonly detail: ImageChangeDetail;
    }
  | { readonly detailType: typeof SNAPSHOT_COMPLETED; readonly detail: SnapshotCompletedDetail };

/**
 * The events of a published snapshot, in the order they are put: one per change of
 * `firstChanges` (the snapshot's first changes in its (id, region) order, at most
 * `EVENT_MAX_CHANGES`), then the summary, always last, which counts every change.
 */
export function snapshotEvents(
  manifest: Manifest,
  manifestKey: string,
  firstChanges: readonly ChangedImage[],
): SnapshotEvent[] {
  const { snapshotDate, runId } = manifest;
  const events: SnapshotEvent[] = firstChanges.map(({ change, image }) => ({
    detailType: CHANGE_DETAIL_TYPES[change.change],
    detail: {
      snapshotDate,
      runId,
      change: change.change,
      image,
      fields: change.fields,
      dedupKey: `${snapshotDate}:${change.change}:${change.region}:${change.id}`,
    },
  }));
  const { added, removed, changed } = manifest.changes;
  events.push({
    detailType: SNAPSHOT_COMPLETED,
    detail: {
      snapshotDate,
      runId,
      manifestKey,
      previousSnapshotDate: manifest.previousSnapshotDate,
      counts: manifest.counts,
      changes: manifest.changes,
      changeEventsTruncated: firstChanges.length < added + removed + changed,
      dedupKey: `${snapshotDate}:completed`,
    },
  });
  return events;
}
