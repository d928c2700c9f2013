import {
  ExportBusyError,
  type LockKeys,
  liveHolder,
  type RunLock,
  RunLockContent,
  runLockContent,
} from "./export-busy.ts";
import { claimRun } from "./run-claim.ts";
import {
  ConditionalWritesUnsupported,
  PreconditionFailed,
  type SnapshotStore,
} from "./snapshot-store.ts";

/**
 * Takes the lock of `date` (`locks/dt=DATE.json`), so two runs of one date (the CLI and the
 * schedule, two stages sharing a bucket) never write the same keys at once ({@link acquireLock}).
 *
 * @throws {ExportBusyError} when a live run of `date` holds it.
 */
export function acquireRunLock(
  store: SnapshotStore,
  date: string,
  runId: string,
  expiresAt: number,
  now: () => number,
): Promise<RunLock> {
  const keys: LockKeys = {
    key: store.layout.lock(date),
    claim: (id) => store.layout.lockClaim(date, id),
    claims: store.layout.lockClaimsOf(date),
    guards: date,
    busy: (message) => new ExportBusyError(message),
  };
  return acquireLock(store, keys, runId, expiresAt, now);
}

/**
 * Takes a lock with S3 conditional writes: `If-None-Match: *` creates it; a lock past its
 * `expiresAt` (its run was killed) is taken over with `If-Match` on its ETag, so of two runs
 * finding it stale only one wins.
 *
 * A store that refuses conditional writes (HTTP 501, as Swift's S3 layer before 2.36 does) is
 * told by its first answer: the run then claims the lock with a key of its own instead
 * (claimRun). A store that ignores conditional headers makes this lock advisory only
 * (docs/reliability.md).
 *
 * @throws the error of `keys.busy` when a live run holds it.
 */
export async function acquireLock(
  store: SnapshotStore,
  keys: LockKeys,
  runId: string,
  expiresAt: number,
  now: () => number,
): Promise<RunLock> {
  const { key, guards } = keys;
  const content = runLockContent(runId, expiresAt);
  const held: RunLock = {
    async release() {
      const current = await store.readJson(key).catch(() => null);
      const parsed = RunLockContent.safeParse(current?.value);
      if (parsed.success && parsed.data.runId === runId) await store.delete(key).catch(() => {});
    },
  };
  try {
    await store.putJson(key, content, { ifNoneMatch: "*" });
    return held;
  } catch (error) {
    if (error instanceof ConditionalWritesUnsupported) {
      return claimRun(store, keys, runId, expiresAt, now);
    }
    if (!(error instanceof PreconditionFailed)) throw error;
  }
  const current = await store.readJson(key);
  const holder = current === null ? null : liveHolder(current.value, now);
  if (holder !== null) {
    throw keys.busy(
      `Another run (${holder.runId}) of ${guards} holds ${key} until ${holder.expiresAt}; nothing was written`,
    );
  }
  try {
    // Stale (or unreadable): take it over only if it is still the object just read.
    if (current === null) await store.putJson(key, content, { ifNoneMatch: "*" });
    else await store.putJson(key, content, current.etag === null ? {} : { ifMatch: current.etag });
    return held;
  } catch (error) {
    if (error instanceof PreconditionFailed) {
      throw keys.busy(`Another run of ${guards} took ${key} first; nothing was written`);
    }
    throw error;
  }
}
