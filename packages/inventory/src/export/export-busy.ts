import { NhnImagesError } from "@nhn-images/core";
import * as z from "zod";

/** What a lock object or a run's claim holds: whose it is, and until when it holds. */
export const RunLockContent = z.object({ runId: z.string(), expiresAt: z.iso.datetime() });
export type RunLockContent = z.infer<typeof RunLockContent>;

/** What `runId` writes to hold its date until `expiresAt` (epoch ms). */
export function runLockContent(runId: string, expiresAt: number): RunLockContent {
  return { runId, expiresAt: new Date(expiresAt).toISOString() };
}

/** The run a stored lock or claim names, if it still holds; null when expired or no lock. */
export function liveHolder(stored: unknown, now: () => number): RunLockContent | null {
  const parsed = RunLockContent.safeParse(stored);
  return parsed.success && Date.parse(parsed.data.expiresAt) > now() ? parsed.data : null;
}

/** Another run of the same date holds its lock: this run writes nothing. */
export class ExportBusyError extends NhnImagesError {
  override readonly name = "ExportBusyError";
}

/** A run's hold on its date, whichever way the store let it be taken. */
export interface RunLock {
  /** Gives the lock up (best effort: an expired lock is taken over anyway). */
  release(): Promise<void>;
}

/** Where a lock lives: its object, and the claims of a store without conditional writes. */
export interface LockKeys {
  /** The lock object, written with `If-None-Match: *`. */
  readonly key: string;
  /** A run's own claim (stores without conditional writes: the claim path). */
  claim(runId: string): string;
  /** The prefix every claim is under. */
  readonly claims: string;
  /** What the lock guards, in messages: "2026-12-01", "the lifecycle apply". */
  readonly guards: string;
  /** The error a run that finds the lock held throws. */
  busy(message: string): Error;
}
