import { addDays } from "@nhn-images/core";
import type { Snapshot } from "../layout/snapshot.ts";
import type { InventoryReader } from "../reader/inventory-reader.ts";
import { UsageHistory } from "./usage-history.ts";

/**
 * The usage history of the `days` days ending on `newest` (inclusive), read from the inventory's
 * snapshots one at a time, newest first (each streamed when it is larger than the reader's cache):
 * a day without a snapshot is a gap, and so is one whose manifest cannot be read.
 */
export async function readUsageHistory(
  reader: InventoryReader,
  newest: string,
  days: number,
): Promise<UsageHistory> {
  const history = new UsageHistory();
  if (days <= 0) return history;
  const oldest = addDays(newest, -(days - 1));
  const snapshots = new Map<string, Snapshot | Error>();
  const catalogue = await reader.catalogue();
  for (const snapshot of catalogue.snapshots) {
    if (snapshot.snapshotDate >= oldest && snapshot.snapshotDate <= newest) {
      snapshots.set(snapshot.snapshotDate, snapshot);
    }
  }
  for (const skipped of catalogue.skipped) {
    snapshots.set(skipped.snapshotDate, new Error(`its manifest ${skipped.reason}`));
  }
  for (let back = 0; back < days; back++) {
    const date = addDays(newest, -back);
    const snapshot = snapshots.get(date);
    if (snapshot === undefined) history.addGap(date, `the inventory has no snapshot of ${date}`);
    else if (snapshot instanceof Error) {
      history.addGap(date, `the snapshot of ${date} cannot be read: ${snapshot.message}`);
    } else if (history.gap !== null) history.addGap(date, "after an earlier gap");
    else {
      await reader.eachImage(snapshot, history.startDay(date));
    }
  }
  return history;
}
