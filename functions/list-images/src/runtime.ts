import { type Config, type ImageClient, NhnImagesError, startImageClient } from "@nhn-images/core";
import { type InventoryReader, openInventory } from "@nhn-images/inventory";
import type { ListImagesDependencies } from "./handler.ts";
import { ImageListCache } from "./image-cache.ts";

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

/** The deployment has no inventory bucket: history cannot be answered (a 501 problem). */
export class InventoryNotConfiguredError extends NhnImagesError {
  override readonly name = "InventoryNotConfiguredError";
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
  return keptUnlessFailed(() =>
    openInventory(config, {
      getSecureString: deps.getSecureString,
      now,
      listingTtlMs: config.cacheTtlS * 1000,
      maxCachedImages: deps.maxCachedImages,
    }),
  );
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
