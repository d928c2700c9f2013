import * as z from "zod";
import { ConfigError } from "../errors.ts";
import { Secret } from "../secret.ts";
import type { Config } from "./config.ts";

/** What the SSM SecureString of `S3_CREDENTIALS_PARAM` holds (DESIGN.md). */
const StoredS3Credentials = z.object({
  accessKeyId: z.string().regex(/^[\x21-\x7e]{1,256}$/),
  secretAccessKey: z.string().regex(/^[\x21-\x7e]{1,256}$/),
});

/**
 * Resolves the object store's keys held in SSM (`S3_CREDENTIALS_PARAM`): read once, at
 * start-up, by the reader the caller passes. A parameter that cannot be read or does not hold
 * `{"accessKeyId","secretAccessKey"}` is a {@link ConfigError} naming the variable and the
 * parameter, never quoting what it holds.
 */
export async function resolveS3Credentials(
  config: Config,
  getSecureString: (name: string) => Promise<string>,
): Promise<Config> {
  const { credentials } = config.inventory.s3;
  if (credentials === null || !("ssmParameter" in credentials)) return config;
  const name = credentials.ssmParameter;
  const fail = (message: string) => new ConfigError([{ param: "S3_CREDENTIALS_PARAM", message }]);
  let text: string;
  try {
    text = await getSecureString(name);
  } catch (error) {
    throw fail(`could not read SSM parameter ${name}: ${(error as Error).name}`);
  }
  let stored: z.infer<typeof StoredS3Credentials>;
  try {
    stored = StoredS3Credentials.parse(JSON.parse(text));
  } catch {
    throw fail(
      `SSM parameter ${name} must hold {"accessKeyId": "…", "secretAccessKey": "…"} as JSON`,
    );
  }
  const resolved = {
    accessKeyId: stored.accessKeyId,
    secretAccessKey: new Secret(stored.secretAccessKey),
  };
  return {
    ...config,
    inventory: { ...config.inventory, s3: { ...config.inventory.s3, credentials: resolved } },
  };
}
