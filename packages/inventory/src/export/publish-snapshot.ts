import { SNAPSHOT_OBJECT_NAMES } from "../layout/layout.ts";
import type { Manifest } from "../layout/manifest.ts";
import { retractLatest, settleLatest } from "./latest-pointer.ts";
import { finalKeyOf, type ObjectKeys, objectKeys } from "./object-keys.ts";
import type { SnapshotStore } from "./snapshot-store.ts";

/**
 * Makes complete objects the snapshot of `manifest.snapshotDate`, in the order that keeps
 * DESIGN.md's invariant at every instant. Objects written straight to the date's keys (a first
 * run) only need their manifest. Staged objects (a re-run) replace the date's: `latest.json` is
 * moved off the date, the old manifest deleted, the staged objects copied over the date's keys
 * (server-side), and only then the new manifest written. Then `latest.json` is settled on the
 * newest manifest and the staged copies removed.
 *
 * @returns the manifest as written (its objects under the date's keys) and its key.
 */
export async function publishSnapshot(
  store: SnapshotStore,
  manifest: Manifest,
  written: ObjectKeys,
): Promise<{ manifest: Manifest; manifestKey: string }> {
  const date = manifest.snapshotDate;
  const final = objectKeys(store.layout, date, null);
  const staged = written.imagesNdjson !== final.imagesNdjson;
  if (staged) {
    await retractLatest(store, date);
    await store.deleteManifest(date);
    for (const object of SNAPSHOT_OBJECT_NAMES) await store.copy(written[object], final[object]);
  }
  const published: Manifest = {
    ...manifest,
    objects: manifest.objects.map((object) => ({
      ...object,
      key: finalKeyOf(object.key, written, final),
    })),
  };
  const manifestKey = await store.writeManifest(published);
  await settleLatest(store);
  if (staged) await deleteStaged(store, written).catch(() => undefined);
  return { manifest: published, manifestKey };
}

/** Removes a run's staged objects (after they were published, or when the run failed). */
export async function deleteStaged(store: SnapshotStore, written: ObjectKeys): Promise<void> {
  for (const object of SNAPSHOT_OBJECT_NAMES) await store.delete(written[object]);
}
