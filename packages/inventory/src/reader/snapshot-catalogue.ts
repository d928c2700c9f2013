import type { Snapshot } from "../layout/snapshot.ts";

/**
 * A manifest left out of the snapshots, and why: it cannot be read (not JSON, not a manifest,
 * not of its date), or it is dated after today (no export writes such a date; a tool or a clock
 * did). Requests that need only other snapshots are answered; those that need it fail.
 */
export interface SkippedSnapshot {
  readonly snapshotDate: string;
  readonly manifestKey: string;
  readonly reason: string;
}

/** Every snapshot that can be read, newest first, and the manifests left out. */
export interface SnapshotCatalogue {
  readonly snapshots: readonly Snapshot[];
  readonly skipped: readonly SkippedSnapshot[];
}
