import {
  checkUsageParameters,
  type Image,
  type ImageQuery,
  listingFiltersOf,
  loadInventoryConfig,
  startImageClient,
} from "@nhn-images/core";
import { openInventory } from "@nhn-images/inventory";
import { type CommandContext, type GlobalOptions, withSettings } from "./command-context.ts";
import type { stderrLogger } from "./stderr-logger.ts";

/** The images a query runs over, and whether they carry usage. */
export interface QueriedImages {
  readonly images: readonly Image[];
  readonly usage: boolean;
}

/**
 * Runs `use` over the images `query` is asked of: live from NHN Cloud (listed with the filters
 * upstream can apply), or the newest snapshot on or before `--as-of`. A query that asks for
 * usage is refused, naming its flag, where the images carry none: live without `NHN_USAGE=true`,
 * or a snapshot exported without it.
 */
export async function withQueriedImages<T>(
  context: CommandContext,
  options: GlobalOptions,
  query: ImageQuery,
  use: (queried: QueriedImages, logger: ReturnType<typeof stderrLogger>) => Promise<T>,
): Promise<T> {
  const asOf = query.asOf;
  return withSettings(
    context,
    options,
    { upstream: asOf === null, inventory: asOf !== null },
    async ({ env }, logger) => {
      if (asOf === null) {
        const { client } = await startImageClient(env, { logger });
        checkUsageParameters(query, client.usage);
        const images = await client.listAllImages({ filters: listingFiltersOf(query.filters) });
        return use({ images, usage: client.usage }, logger);
      }
      const inventory = await openInventory(loadInventoryConfig(env));
      const snapshot = await inventory.snapshotOnOrBefore(asOf);
      context.note(`As of the snapshot of ${snapshot.snapshotDate} (${snapshot.manifestKey}).`);
      const images = await inventory.images(snapshot);
      const usage = images.some((image) => image.usage !== undefined);
      checkUsageParameters(query, usage, snapshot.snapshotDate);
      return use({ images, usage }, logger);
    },
  );
}
