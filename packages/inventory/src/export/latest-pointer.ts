import type { SnapshotStore } from "./snapshot-store.ts";

/** Rounds of write-then-check before a run leaves `latest.json` to whichever run writes last. */
const MAX_ROUNDS = 5;

/**
 * Makes `latest.json` name the newest manifest that exists, then checks again: a run that read
 * the inventory before another run's manifest appeared corrects itself on the next round, and
 * the run that writes last always checks last, so concurrent runs (a backfill next to the
 * night's run, two stages sharing a bucket) leave it on the newest date. With no manifest left,
 * `latest.json` is removed: it never names a manifest that does not exist.
 */
export async function settleLatest(store: SnapshotStore): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const newest = await store.newestSnapshotDate();
    const latest = await store.readLatest();
    if (newest === null) {
      if (latest === null) return;
      await store.deleteLatest();
      continue;
    }
    const manifestKey = store.layout.manifest(newest);
    if (latest?.snapshotDate === newest && latest.manifestKey === manifestKey) return;
    await store.writeLatest({ snapshotDate: newest, manifestKey });
  }
}

/**
 * Before a re-run of `date` removes that date's manifest: if `latest.json` names it, it moves to
 * the newest other snapshot (or goes away), so that at no instant it names a missing manifest.
 * The re-run's {@link settleLatest} moves it forward again once the new manifest exists.
 */
export async function retractLatest(store: SnapshotStore, date: string): Promise<void> {
  const latest = await store.readLatest();
  if (latest?.snapshotDate !== date) return;
  const others = (await store.snapshotDates()).filter((d) => d !== date).sort();
  const newest = others.at(-1);
  if (newest === undefined) await store.deleteLatest();
  else
    await store.writeLatest({ snapshotDate: newest, manifestKey: store.layout.manifest(newest) });
}
