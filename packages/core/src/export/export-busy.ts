import * as z from "zod";
import { NhnImagesError } from "../errors.ts";

/** What a lock object or a run's claim holds: whose it is, and until when it holds. */
export const RunLockContent = z.object({ runId: z.string(), expiresAt: z.iso.datetime() });

/** Another run of the same date holds its lock: this run writes nothing. */
export class ExportBusyError extends NhnImagesError {
  override readonly name = "ExportBusyError";
}

/** A run's hold on its date, whichever way the store let it be taken. */
export interface RunLock {
  /** Gives the lock up (best effort: an expired lock is taken over anyway). */
  release(): Promise<void>;
}
