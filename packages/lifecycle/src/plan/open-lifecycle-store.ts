import {
  type AwsDeadlines,
  type Config,
  ConfigError,
  readSecureString,
  resolveS3Credentials,
} from "@nhn-images/core";
import { createInventoryS3Client } from "@nhn-images/inventory";
import { LifecycleStore } from "./lifecycle-store.ts";

/**
 * The lifecycle's objects in the configured inventory bucket (`INVENTORY_BUCKET`, under
 * `INVENTORY_PREFIX`), through the same store client as the inventory's.
 *
 * @throws {ConfigError} naming `INVENTORY_BUCKET` when it is not set.
 */
export async function openLifecycleStore(
  config: Pick<Config, "inventory">,
  options: {
    readonly getSecureString?: ((name: string) => Promise<string>) | undefined;
    readonly deadlines?: AwsDeadlines | undefined;
  } = {},
): Promise<LifecycleStore> {
  const { bucket, prefix } = config.inventory;
  if (bucket === null) {
    throw new ConfigError([
      { param: "INVENTORY_BUCKET", message: "is required: plans and audit logs live there" },
    ]);
  }
  const resolved = await resolveS3Credentials(config, options.getSecureString ?? readSecureString);
  const s3 = await createInventoryS3Client(resolved.inventory.s3, options.deadlines);
  return new LifecycleStore(s3, bucket, prefix);
}
