import {
  type Config,
  checkUsageParameters,
  dayOf,
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
  /** The day they are of: the snapshot's date, or today (UTC) when live. */
  readonly day: string;
  /** The inventory (its settings resolved when `withInventory` was asked), opened on first call. */
  readonly inventory: () => Promise<InventoryReader>;
}

/** How a command reads its answer from each place images come from. */
export interface ImageSourceReaders<T> {
  /** From the live API, with the started client and its configuration. */
  live(
    started: { config: Config; client: ImageClient; inventory: () => Promise<InventoryReader> },
    logger: Logger,
  ): Promise<T>;
  /** From the snapshot the command's `--as-of` picked. */
  snapshot(inventory: InventoryReader, snapshot: Snapshot, logger: Logger): Promise<T>;
}

type Logger = ReturnType<typeof stderrLogger>;

/**
 * Reads a command's answer live from NHN Cloud, or (`asOf` a day) from the newest snapshot on
 * or before it, which stderr names; only the settings that source needs are resolved (and the
 * inventory's too when `withInventory`: a live answer that also reads the history).
 */
export async function fromLiveOrSnapshot<T>(
  context: CommandContext,
  options: GlobalOptions,
  asOf: string | null,
  read: ImageSourceReaders<T>,
  withInventory = false,
): Promise<T> {
  return withSettings(
    context,
    options,
    { upstream: asOf === null, inventory: asOf !== null || withInventory },
    async ({ env }, logger) => {
      let opened: Promise<InventoryReader> | null = null;
      const inventoryOf = () => {
        opened ??= openInventory(loadInventoryConfig(env));
        return opened;
      };
      if (asOf === null) {
        const started = await startImageClient(env, { logger });
        return read.live({ ...started, inventory: inventoryOf }, logger);
      }
      const inventory = await inventoryOf();
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
  withInventory = false,
): Promise<T> {
  return fromLiveOrSnapshot(
    context,
    options,
    query.asOf,
    {
      async live({ client, inventory }, logger) {
        checkUsageParameters(query, client.usage);
        const images = await client.listAllImages({ filters: listingFiltersOf(query.filters) });
        const day = dayOf(context.now());
        return use({ images, usage: client.usage, day, inventory }, logger);
      },
      async snapshot(inventory, snapshot, logger) {
        const images = await inventory.images(snapshot);
        const usage = images.some((image) => image.usage !== undefined);
        checkUsageParameters(query, usage, snapshot.snapshotDate);
        const day = snapshot.snapshotDate;
        return use({ images, usage, day, inventory: async () => inventory }, logger);
      },
    },
    withInventory,
  );
}
