import type { S3Client } from "@aws-sdk/client-s3";
import {
  type AwsDeadlines,
  type Config,
  ConfigError,
  readSecureString,
  resolveS3Credentials,
} from "@nhn-images/core";
import { createInventoryS3Client } from "./inventory-s3-client.ts";

export interface InventoryStoreOptions {
  /** Reads an SSM SecureString (`S3_CREDENTIALS_PARAM`); SSM by default. */
  readonly getSecureString?: ((name: string) => Promise<string>) | undefined;
  /** The store's request deadlines; {@link AWS_DEADLINES} by default. */
  readonly deadlines?: AwsDeadlines | undefined;
}

/**
 * The configured inventory's store: its S3 client (the keys read from SSM when they live there),
 * `INVENTORY_BUCKET` and `INVENTORY_PREFIX`.
 *
 * @param missingBucket the error's message when the bucket is not set ("is required to …").
 * @throws {ConfigError} naming `INVENTORY_BUCKET` when it is not set.
 */
export async function openInventoryStore(
  config: Pick<Config, "inventory">,
  missingBucket: string,
  options: InventoryStoreOptions = {},
): Promise<{ s3: S3Client; bucket: string; prefix: string }> {
  const { bucket, prefix } = config.inventory;
  if (bucket === null) {
    throw new ConfigError([{ param: "INVENTORY_BUCKET", message: missingBucket }]);
  }
  const resolved = await resolveS3Credentials(config, options.getSecureString ?? readSecureString);
  return {
    s3: await createInventoryS3Client(resolved.inventory.s3, options.deadlines),
    bucket,
    prefix,
  };
}
