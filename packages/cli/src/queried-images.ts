import {
  type Config,
  checkUsageParameters,
  type Image,
  type ImageClient,
  type ImageQuery,
  listingFiltersOf,
  loadInventoryConfig,
  startImageClient,
} from "@nhn-images/core";
import { type InventoryReader, openInventory, type Snapshot } from "@nhn-images/inventory";
import { type CommandContext, type GlobalOptions, withSettings } from "./command-context.ts";
import type { stderrLogger } from "./stderr-logger.ts";

/** The images a query runs over, and whether they carry usage. */
export interface QueriedImages {
  readonly images: readonly Image[];
  readonly usage: boolean;
}

/** How a command reads its answer from each place images come from. */
export interface ImageSourceReaders<T> {
  /** From the live API, with the started client and its configuration. */
  live(started: { config: Config; client: ImageClient }, logger: Logger): Promise<T>;
  /** From the snapshot the command's `--as-of` picked. */
  snapshot(inventory: InventoryReader, snapshot: Snapshot, logger: Logger): Promise<T>;
}

type Logger = ReturnType<typeof stderrLogger>;

/**
 * Reads a command's answer live from NHN Cloud, or (`asOf` a day) from the newest snapshot on
 * or before it, which stderr names; only the settings that source needs are resolved.
 */
export async function fromLiveOrSnapshot<T>(
  context: CommandContext,
  options: GlobalOptions,
  asOf: string | null,
  read: ImageSourceReaders<T>,
): Promise<T> {
  return withSettings(
    context,
    options,
    { upstream: asOf === null, inventory: asOf !== null },
    async ({ env }, logger) => {
      if (asOf === null) return read.live(await startImageClient(env, { logger }), logger);
      const inventory = await openInventory(loadInventoryConfig(env));
      const snapshot = await inventory.snapshotOnOrBefore(asOf);
      context.note(`As of the snapshot of ${snapshot.snapshotDate} (${snapshot.manifestKey}).`);
      return read.snapshot(inventory, snapshot, logger);
    },
  );
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
  use: (queried: QueriedImages, logger: Logger) => Promise<T>,
): Promise<T> {
  return fromLiveOrSnapshot(context, options, query.asOf, {
    async live({ client }, logger) {
      checkUsageParameters(query, client.usage);
      const images = await client.listAllImages({ filters: listingFiltersOf(query.filters) });
      return use({ images, usage: client.usage }, logger);
    },
    async snapshot(inventory, snapshot, logger) {
      const images = await inventory.images(snapshot);
      const usage = images.some((image) => image.usage !== undefined);
      checkUsageParameters(query, usage, snapshot.snapshotDate);
      return use({ images, usage }, logger);
    },
  });
}
