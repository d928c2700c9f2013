import { type Config, type ImageClient, startImageClient } from "@nhn-images/core";
import type { InventoryReader } from "@nhn-images/inventory";
import type { ListImagesDependencies } from "./dependencies.ts";
import { ImageListCache } from "./image-cache.ts";
import { InventoryNotConfiguredError } from "./inventory-errors.ts";

/** What a warm container keeps: the configuration, the client, the live list, the inventory. */
export interface Runtime {
  readonly config: Config;
  readonly client: ImageClient;
  readonly cache: ImageListCache | null;
  /**
   * The inventory the export writes, read for `asOf` and the history routes; made on first use.
   *
   * @throws {InventoryNotConfiguredError} when `INVENTORY_BUCKET` is not set.
   */
  inventory(): Promise<InventoryReader>;
}

/**
 * Starts the container's runtime once, on the first invocation that needs it. A failed start
 * (SSM throttled, a bad setting) is not kept: the next invocation tries again.
 */
export function runtimeStarter(deps: ListImagesDependencies, now: () => number) {
  return keptUnlessFailed(async (): Promise<Runtime> => {
    const { config, client } = await startImageClient(deps.env, {
      logger: deps.logger,
      now,
      getSecureString: deps.getSecureString,
      fetch: deps.fetch,
      sleep: deps.sleep,
    });
    const cache =
      config.cacheTtlS > 0
        ? new ImageListCache(
            (deadline) => client.listAllImages({ deadline }),
            config.cacheTtlS * 1000,
            now,
          )
        : null;
    return { config, client, cache, inventory: inventoryStarter(config, deps, now) };
  });
}

function inventoryStarter(config: Config, deps: ListImagesDependencies, now: () => number) {
  if (config.inventory.bucket === null) {
    return () =>
      Promise.reject(
        new InventoryNotConfiguredError(
          "This deployment has no inventory (INVENTORY_BUCKET is not set): asOf, /snapshots, /changes and /images/{id}/history need one",
        ),
      );
  }
  // The object store's own keys (NHN Object Storage) are read from SSM once per container;
  // new snapshots are seen within the live list's cache time.
  // The reader and its S3 client are loaded on the first request that reads the inventory:
  // a cold `GET /images` never evaluates them.
  return keptUnlessFailed(async () => {
    const { openInventory } = await import("./inventory-reader.ts");
    return openInventory(config, {
      getSecureString: deps.getSecureString,
      now,
      listingTtlMs: config.cacheTtlS * 1000,
      maxCachedImages: deps.maxCachedImages,
    });
  });
}

/**
 * `start`, run on the first call and its promise shared by every call after; a start that fails
 * is forgotten, so the next call starts again.
 */
function keptUnlessFailed<T>(start: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | null = null;
  return () => {
    if (kept !== null) return kept;
    const starting = start();
    kept = starting;
    starting.catch(() => {
      if (kept === starting) kept = null;
    });
    return starting;
  };
}
