import {
  type AwsDeadlines,
  type Config,
  ConfigError,
  readSecureString,
  resolveS3Credentials,
} from "@nhn-images/core";
import { inventoryLayout } from "../layout/layout.ts";
import { createInventoryS3Client } from "../store/inventory-s3-client.ts";
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
  const { bucket, prefix } = config.inventory;
  if (bucket === null) {
    throw new ConfigError([
      { param: "INVENTORY_BUCKET", message: "is required to read the inventory" },
    ]);
  }
  const resolved = await resolveS3Credentials(config, options.getSecureString ?? readSecureString);
  return new InventoryReader({
    s3: await createInventoryS3Client(resolved.inventory.s3, options.deadlines),
    bucket,
    layout: inventoryLayout(prefix),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.listingTtlMs === undefined ? {} : { listingTtlMs: options.listingTtlMs }),
    ...(options.maxCachedImages === undefined ? {} : { maxCachedImages: options.maxCachedImages }),
  });
}
