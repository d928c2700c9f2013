import { compareIdThenRegion, type Image } from "@nhn-images/core";
import { SnapshotNotFoundError } from "../inventory-errors.ts";
import type { Snapshot } from "../layout/snapshot.ts";
import type { InventoryReader } from "../reader/inventory-reader.ts";
import type { ImageChange } from "./image-change.ts";
import { changedFields } from "./image-diff.ts";

/** What changed between two snapshots, any two, not only neighbours. */
export interface SnapshotDiff {
  readonly from: string;
  readonly to: string;
  /** In (id, region) order, as a snapshot's own changes are. */
  readonly changes: ImageChange[];
  readonly counts: { readonly added: number; readonly removed: number; readonly changed: number };
}

/**
 * The changes from the snapshot dated `from` to the one dated `to`, computed from their images
 * the way the export computes a day's changes (every Image field; properties and tags as a
 * whole). `from` may be after `to`: the diff then runs backwards in time.
 *
 * @throws {SnapshotNotFoundError} when either date has no snapshot.
 */
export async function diffSnapshots(
  reader: Pick<InventoryReader, "snapshotsBetween" | "images">,
  from: string,
  to: string,
): Promise<SnapshotDiff> {
  const [before, after] = await Promise.all([
    snapshotDated(reader, from),
    snapshotDated(reader, to),
  ]);
  const [old, current] = await Promise.all([reader.images(before), reader.images(after)]);
  const changes = mergeChanges(old, current);
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const change of changes) counts[change.change]++;
  return { from, to, changes, counts };
}

async function snapshotDated(
  reader: Pick<InventoryReader, "snapshotsBetween">,
  date: string,
): Promise<Snapshot> {
  const [snapshot] = await reader.snapshotsBetween(date, date);
  if (snapshot === undefined) throw new SnapshotNotFoundError(`No snapshot is dated ${date}`);
  return snapshot;
}

/** A merge of two (id, region)-ordered image lists into the changes from the first to the second. */
function mergeChanges(old: readonly Image[], current: readonly Image[]): ImageChange[] {
  const changes: ImageChange[] = [];
  let o = 0;
  let c = 0;
  while (o < old.length || c < current.length) {
    const before = old[o];
    const after = current[c];
    const order =
      before === undefined ? 1 : after === undefined ? -1 : compareIdThenRegion(before, after);
    if (order < 0 && before !== undefined) {
      changes.push({ change: "removed", ...identity(before), fields: {} });
      o++;
    } else if (order > 0 && after !== undefined) {
      changes.push({ change: "added", ...identity(after), fields: {} });
      c++;
    } else if (before !== undefined && after !== undefined) {
      const fields = changedFields(before, after);
      if (Object.keys(fields).length > 0) {
        changes.push({ change: "changed", ...identity(after), fields });
      }
      o++;
      c++;
    }
  }
  return changes;
}

function identity(image: Image): Pick<ImageChange, "id" | "region" | "name"> {
  return { id: image.id, region: image.region, name: image.name };
}
