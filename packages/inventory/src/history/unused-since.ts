import { addDays, type Region } from "@nhn-images/core";
import type { Snapshot } from "../layout/snapshot.ts";
import type { InventoryReader } from "../reader/inventory-reader.ts";
import { readUsageHistory } from "./read-usage-history.ts";
import { UsageHistory, type UsageOfImage, unusedKey } from "./usage-history.ts";

/** How far back `GET /images?asOf=` looks for the start of an image's run of `unused` verdicts. */
export const UNUSED_SINCE_LOOKBACK_DAYS = 31;

/**
 * For each of `images` of `snapshot` whose verdict is `unused`, the first day of its current run
 * of `unused` verdicts: a {@link UsageHistory} of those images only, told `snapshot`'s day, then
 * the days before it ({@link readUsageHistory}: only while some run is unbroken, at most
 * `lookbackDays` of them). A run that reaches the lookback is reported from its oldest day read
 * ("on or before").
 *
 * @returns {@link unusedKey} → `YYYY-MM-DD`, for the images that are `unused`.
 */
export async function unusedSinceDates(
  reader: InventoryReader,
  snapshot: Snapshot,
  images: readonly (UsageOfImage & { readonly region: Region })[],
  lookbackDays: number = UNUSED_SINCE_LOOKBACK_DAYS,
): Promise<Map<string, string>> {
  const history = new UsageHistory(new Set(images.map(unusedKey)));
  history.addDay(snapshot.snapshotDate, images);
  const day = snapshot.snapshotDate;
  await readUsageHistory(reader, await reader.catalogue(), addDays(day, -1), lookbackDays, history);
  const since = new Map<string, string>();
  for (const image of images) {
    const run = history.unusedRun(image.id, image.region);
    if (run !== null) since.set(unusedKey(image), run.since);
  }
  return since;
}
