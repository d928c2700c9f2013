import { type LockKeys, liveHolder, type RunLock, runLockContent } from "./export-busy.ts";
import type { SnapshotStore } from "./snapshot-store.ts";

/**
 * A lock (the run lock of a date, the lifecycle's apply) on a store without conditional writes (Swift's S3 layer before 2.36):
 * each run writes a claim of its own (`locks/dt=DATE/<runId>.json`), then lists the date's
 * claims. A run goes ahead only if no other live claim is there; otherwise it withdraws its own
 * and refuses. Two runs that claim at the same moment both see each other and both refuse — never
 * both go ahead — as long as the listing shows a claim once its write was acknowledged (Swift
 * updates the container listing as part of the write unless the container server is overloaded:
 * docs/reliability.md). A claim past its `expiresAt` (its run was killed) is removed and ignored.
 *
 * @throws the error of `keys.busy` when another live run has claimed it.
 */
export async function claimRun(
  store: SnapshotStore,
  keys: LockKeys,
  runId: string,
  expiresAt: number,
  now: () => number,
): Promise<RunLock> {
  const mine = keys.claim(runId);
  await store.putJson(mine, runLockContent(runId, expiresAt));
  const release = () => store.delete(mine).catch(() => undefined);
  try {
    for (const key of await store.keysUnder(keys.claims)) {
      if (key === mine) continue;
      const claim = liveHolder((await store.readJson(key))?.value, now);
      if (claim !== null) {
        throw keys.busy(
          `Another run (${claim.runId}) of ${keys.guards} claims it until ${claim.expiresAt}; nothing was written`,
        );
      }
      // A killed run's claim, or one that is not a claim at all: it holds nothing.
      await store.delete(key).catch(() => undefined);
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { release: async () => void (await release()) };
}
