import { ConcurrencyLimit } from "@nhn-images/core";
import type { ImageChange } from "../diff/image-change.ts";
import type { Snapshot } from "../layout/snapshot.ts";
import type { InventoryReader } from "../reader/inventory-reader.ts";

/** What the history routes read: the inventory (an {@link InventoryReader}). */
export type HistorySource = Pick<
  InventoryReader,
  "catalogue" | "snapshotsBetween" | "newestSnapshot" | "changes" | "images"
>;

/** Change objects read at once when a request needs several snapshots' changes. */
const CHANGE_OBJECT_READS = 8;

/** The changes of each snapshot, in the snapshots' order, a few objects read at once. */
export function changesOfEach(
  source: HistorySource,
  snapshots: readonly Snapshot[],
): Promise<(readonly ImageChange[])[]> {
  const reads = new ConcurrencyLimit(CHANGE_OBJECT_READS);
  return Promise.all(snapshots.map((snapshot) => reads.run(() => source.changes(snapshot))));
}
