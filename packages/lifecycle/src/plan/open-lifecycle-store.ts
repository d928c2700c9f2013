import type { Config } from "@nhn-images/core";
import { type InventoryStoreOptions, openInventoryStore } from "@nhn-images/inventory";
import { LifecycleStore } from "./lifecycle-store.ts";

/**
 * The lifecycle's objects in the configured inventory bucket (`INVENTORY_BUCKET`, under
 * `INVENTORY_PREFIX`), through the same store client as the inventory's.
 *
 * @throws {ConfigError} naming `INVENTORY_BUCKET` when it is not set.
 */
export async function openLifecycleStore(
  config: Pick<Config, "inventory">,
  options: InventoryStoreOptions = {},
): Promise<LifecycleStore> {
  const { s3, bucket, prefix } = await openInventoryStore(
    config,
    "is required: plans and audit logs live there",
    options,
  );
  return new LifecycleStore(s3, bucket, prefix);
}
