import { compareCodePoints, type Image } from "@nhn-images/core";
import type { ImageChange } from "../diff/image-change.ts";
import { previousImagesOf, StreamDiff } from "../diff/stream-diff.ts";
import type { Snapshot } from "../layout/snapshot.ts";
import type { SkippedSnapshot } from "../reader/snapshot-catalogue.ts";
import { changesOfEach, type HistorySource } from "./history-source.ts";

/**
 * One image's rows in each snapshot (newest first, as `snapshots`), each against the snapshot
 * that can be read before it. Where a snapshot's changes are against another one (a date whose
 * manifest is gone or cannot be read, or an older snapshot: written before backfills re-diffed
 * the day after them), its rows for the id are the diff of the two snapshots' images instead,
 * so no change is lost or counted twice across the gap.
 */
export async function rowsOfImage(
  source: HistorySource,
  snapshots: readonly Snapshot[],
  id: string,
): Promise<ImageChange[][]> {
  const linked = snapshots.filter((_, index) => !isBroken(snapshots, index));
  const changes = await changesOfEach(source, linked);
  const byDate = new Map(linked.map((snapshot, index) => [snapshot.snapshotDate, changes[index]]));
  return Promise.all(
    snapshots.map(async (snapshot, index) => {
      const rows = byDate.get(snapshot.snapshotDate);
      if (rows !== undefined) return withId(rows, id);
      const older = snapshots[index + 1];
      const before = older === undefined ? [] : withId(await source.images(older), id);
      return diffOfOne(before, withId(await source.images(snapshot), id));
    }),
  );
}

/**
 * Where the history walks over something: each place a snapshot's changes are not against the
 * snapshot before it that can be read (the date they name has no manifest, and is not already
 * skipped as unreadable; or it is an older snapshot).
 */
export function brokenLinksOf(
  snapshots: readonly Snapshot[],
  skipped: readonly SkippedSnapshot[],
): SkippedSnapshot[] {
  const links: SkippedSnapshot[] = [];
  snapshots.forEach((snapshot, index) => {
    if (!isBroken(snapshots, index)) return;
    const against = snapshot.previousSnapshotDate as string;
    const older = snapshots[index + 1]?.snapshotDate ?? null;
    if (skipped.some((entry) => entry.snapshotDate === against)) return;
    if (snapshots.some((other) => other.snapshotDate === against)) {
      links.push({
        snapshotDate: snapshot.snapshotDate,
        manifestKey: snapshot.manifestKey,
        reason: `holds its changes against ${against}, not ${older}`,
      });
    } else {
      links.push({
        snapshotDate: against,
        manifestKey: snapshot.manifestKey.replace(snapshot.snapshotDate, against),
        reason: `has no manifest; ${snapshot.snapshotDate} is diffed against it`,
      });
    }
  });
  return links;
}

/** Whether the snapshot at `index` holds its changes against another than the one before it. */
function isBroken(snapshots: readonly Snapshot[], index: number): boolean {
  const snapshot = snapshots[index] as Snapshot;
  return snapshot.previousSnapshotDate !== (snapshots[index + 1]?.snapshotDate ?? null);
}

/** The changes of one id (its regions) from one snapshot's rows of it to another's. */
async function diffOfOne(
  before: readonly Image[],
  after: readonly Image[],
): Promise<ImageChange[]> {
  const diff = new StreamDiff(previousImagesOf(before));
  const rows: ImageChange[] = [];
  for (const image of after)
    for (const { change } of await diff.changesAt(image)) rows.push(change);
  for (const { change } of await diff.rest()) rows.push(change);
  return rows;
}

/** The rows of `id` (any region) in rows sorted by id then region: a binary search. */
function withId<Row extends { readonly id: string }>(rows: readonly Row[], id: string): Row[] {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareCodePoints((rows[middle] as Row).id, id) < 0) low = middle + 1;
    else high = middle;
  }
  const found: Row[] = [];
  for (let i = low; i < rows.length && (rows[i] as Row).id === id; i++) found.push(rows[i] as Row);
  return found;
}
