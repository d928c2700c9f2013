import type { AwsDeadlines, Config } from "@nhn-images/core";
import { inventoryLayout } from "../layout/layout.ts";
import { openInventoryStore } from "../store/open-inventory-store.ts";
import { InventoryReader } from "./inventory-reader.ts";

export interface OpenInventoryOptions {
  /** Reads an SSM SecureString (`S3_CREDENTIALS_PARAM`); SSM by default. */
  readonly getSecureString?: ((name: string) => Promise<string>) | undefined;
  readonly now?: (() => number) | undefined;
  /** How long the list of snapshots is trusted before it is listed again. */
  readonly listingTtlMs?: number | undefined;
  /** The most snapshot images kept in memory (see {@link InventoryReaderOptions}). */
  readonly maxCachedImages?: number | undefined;
  /** The store's request deadlines; {@link AWS_DEADLINES} by default. */
  readonly deadlines?: AwsDeadlines | undefined;
}

/**
 * A reader of the configured inventory (`INVENTORY_BUCKET` under `INVENTORY_PREFIX`), its
 * store's keys read from SSM when they live there.
 *
 * @throws {ConfigError} naming `INVENTORY_BUCKET` when it is not set.
 * @example
 * const inventory = await openInventory(loadInventoryConfig(process.env));
 * const latest = await inventory.newestSnapshot();
 */
export async function openInventory(
  config: Pick<Config, "inventory">,
  options: OpenInventoryOptions = {},
): Promise<InventoryReader> {
  const { s3, bucket, prefix } = await openInventoryStore(
    config,
    "is required to read the inventory",
    options,
  );
  return new InventoryReader({
    s3,
    bucket,
    layout: inventoryLayout(prefix),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.listingTtlMs === undefined ? {} : { listingTtlMs: options.listingTtlMs }),
    ...(options.maxCachedImages === undefined ? {} : { maxCachedImages: options.maxCachedImages }),
  });
}
