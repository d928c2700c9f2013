import { readSecureString } from "../aws/ssm-secure-string.ts";
import { resolveApiPassword } from "../config/api-password.ts";
import { type Config, loadConfig } from "../config/config.ts";
import { createImageClient, type ImageClient, type ImageClientOptions } from "./image-client.ts";

export interface StartOptions extends ImageClientOptions {
  /** Reads an SSM SecureString (the API password of `NHN_API_PASSWORD_PARAM`); SSM by default. */
  readonly getSecureString?: ((name: string) => Promise<string>) | undefined;
}

/**
 * The one start-up path of every consumer: the environment parsed, the API password read from
 * SSM when it lives there, and a client over the configured API.
 *
 * @throws {ConfigError} naming every variable at fault (or the SSM parameter that failed).
 * @example
 * const { config, client } = await startImageClient(process.env);
 */
export async function startImageClient(
  env: Readonly<Record<string, string | undefined>>,
  options: StartOptions = {},
): Promise<{ config: Config; client: ImageClient }> {
  const { getSecureString = readSecureString, ...clientOptions } = options;
  const config = await resolveApiPassword(loadConfig(env), getSecureString);
  return { config, client: createImageClient(config, clientOptions) };
}
