import { addDays } from "@nhn-images/core";
import type { Snapshot } from "../layout/snapshot.ts";
import type { InventoryReader } from "../reader/inventory-reader.ts";
import type { SnapshotCatalogue } from "../reader/snapshot-catalogue.ts";
import { UsageHistory } from "./usage-history.ts";

/**
 * Tells `history` (a new one by default) the `days` days ending on `newest` (inclusive), from the
 * inventory's snapshots in `catalogue`, one at a time, newest first (each streamed when it is
 * larger than the reader's cache): a day without a snapshot is a gap, and so is one whose
 * manifest cannot be read. Stops early once no run can lengthen any more.
 */
export async function readUsageHistory(
  reader: InventoryReader,
  catalogue: SnapshotCatalogue,
  newest: string,
  days: number,
  history: UsageHistory = new UsageHistory(),
): Promise<UsageHistory> {
  const oldest = addDays(newest, -(days - 1));
  // A day whose manifest cannot be read is not in the catalogue's snapshots: a gap, as a missing day.
  const snapshots = new Map<string, Snapshot>();
  for (const snapshot of catalogue.snapshots) {
    if (snapshot.snapshotDate >= oldest && snapshot.snapshotDate <= newest) {
      snapshots.set(snapshot.snapshotDate, snapshot);
    }
  }
  for (let back = 0; back < days && history.open; back++) {
    const date = addDays(newest, -back);
    const snapshot = snapshots.get(date);
    if (snapshot === undefined) history.addGap(date);
    else await reader.eachImage(snapshot, history.startDay(date));
  }
  return history;
}
