import type { InventoryReader } from "../inventory/inventory-reader.ts";

/** What the history routes read: the inventory (an {@link InventoryReader}). */
export type HistorySource = Pick<
  InventoryReader,
  "snapshots" | "snapshotsBetween" | "newestSnapshot" | "changes"
>;

/** Change objects read at once when a request needs several snapshots' changes. */
export const CHANGE_OBJECT_READS = 8;
