/**
 * Calendar days (`YYYY-MM-DD`, UTC), as snapshot dates, policy windows and lifecycle marks name
 * them.
 */

const DAY_MS = 86_400_000;

/** The UTC date of an instant (epoch ms). */
export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** `date` moved by `days` (negative: earlier). */
export function addDays(date: string, days: number): string {
  return dayOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/** Whole days from an instant (RFC 3339) to `nowMs`, never below zero. */
export function ageInDays(instant: string, nowMs: number): number {
  const ms = nowMs - Date.parse(instant);
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / DAY_MS)) : 0;
}
