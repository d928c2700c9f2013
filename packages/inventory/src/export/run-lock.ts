import {
  ExportBusyError,
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
 * Takes the lock of `date` (`locks/dt=DATE.json`) with S3 conditional writes, so two runs of one
 * date (the CLI and the schedule, two stages sharing a bucket) never write the same keys at once:
 * `If-None-Match: *` creates it; a lock past its `expiresAt` (its run was killed) is taken over
 * with `If-Match` on its ETag, so of two runs finding it stale only one wins.
 *
 * A store that refuses conditional writes (HTTP 501, as Swift's S3 layer before 2.36 does) is
 * told by its first answer: the run then claims the date with a key of its own instead
 * ({@link claimRun}). A store that ignores conditional headers makes this lock advisory only
 * (docs/reliability.md).
 *
 * @throws {ExportBusyError} when a live run of `date` holds it.
 */
export async function acquireRunLock(
  store: SnapshotStore,
  date: string,
  runId: string,
  expiresAt: number,
  now: () => number,
): Promise<RunLock> {
  const key = store.layout.lock(date);
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
      return claimRun(store, date, runId, expiresAt, now);
    }
    if (!(error instanceof PreconditionFailed)) throw error;
  }
  const current = await store.readJson(key);
  const holder = current === null ? null : liveHolder(current.value, now);
  if (holder !== null) {
    throw new ExportBusyError(
      `Another run (${holder.runId}) of ${date} holds ${key} until ${holder.expiresAt}; nothing was written`,
    );
  }
  try {
    // Stale (or unreadable): take it over only if it is still the object just read.
    if (current === null) await store.putJson(key, content, { ifNoneMatch: "*" });
    else await store.putJson(key, content, current.etag === null ? {} : { ifMatch: current.etag });
    return held;
  } catch (error) {
    if (error instanceof PreconditionFailed) {
      throw new ExportBusyError(`Another run of ${date} took ${key} first; nothing was written`);
    }
    throw error;
  }
}
