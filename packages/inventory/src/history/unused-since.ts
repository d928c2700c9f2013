import { addDays, type Region } from "@nhn-images/core";
import type { Snapshot } from "../layout/snapshot.ts";
import type { InventoryReader } from "../reader/inventory-reader.ts";

/** How far back `GET /images?asOf=` looks for the start of an image's run of `unused` verdicts. */
export const UNUSED_SINCE_LOOKBACK_DAYS = 31;

/**
 * For each of `images` (each `unused` in `snapshot`), the first day of its current run of
 * `unused` verdicts: the snapshots of the days before `snapshot` are read one at a time, newest
 * first, only while some image's run is still unbroken, at most `lookbackDays` of them. A day
 * with no snapshot, or where the image is missing, has no usage or another verdict, ends its
 * run. A run that reaches the lookback is reported from its oldest day read ("on or before").
 *
 * @returns `region\u0000id` → `YYYY-MM-DD`.
 */
export async function unusedSinceDates(
  reader: InventoryReader,
  snapshot: Snapshot,
  images: readonly { readonly id: string; readonly region: Region }[],
  lookbackDays: number = UNUSED_SINCE_LOOKBACK_DAYS,
): Promise<Map<string, string>> {
  const since = new Map(images.map((image) => [unusedKey(image), snapshot.snapshotDate]));
  const running = new Set(since.keys());
  if (running.size === 0) return since;
  const byDate = new Map(
    (await reader.catalogue()).snapshots.map((found) => [found.snapshotDate, found]),
  );
  for (let back = 1; back <= lookbackDays && running.size > 0; back++) {
    const date = addDays(snapshot.snapshotDate, -back);
    const day = byDate.get(date);
    if (day === undefined) break;
    const stillUnused = new Set<string>();
    await reader.eachImage(day, (image) => {
      const key = unusedKey(image);
      if (running.has(key) && image.usage?.verdict === "unused") stillUnused.add(key);
    });
    for (const key of running) {
      if (stillUnused.has(key)) since.set(key, date);
      else running.delete(key);
    }
  }
  return since;
}

/** The key {@link unusedSinceDates} answers by. */
export function unusedKey(image: { readonly id: string; readonly region: Region }): string {
  return `${image.region}\u0000${image.id}`;
}
