import { ConfigError } from "../errors.ts";
import { Secret } from "../secret.ts";
import type { Config } from "./config.ts";
import { readSecureParameter } from "./secure-parameter.ts";

/** Returns `config` with the API password resolved (from SSM, by the caller). */
export function withApiPassword(config: Config, password: Secret): Config {
  if (config.credentials.kind !== "password") return config;
  return { ...config, credentials: { ...config.credentials, password } };
}

/**
 * Resolves an API password held in SSM (`NHN_API_PASSWORD_PARAM`), so the core itself never
 * holds an AWS client: the caller passes the reader ({@link readSecureString}), tests a stub.
 */
export async function resolveApiPassword(
  config: Config,
  getSecureString: (name: string) => Promise<string>,
): Promise<Config> {
  const { credentials } = config;
  if (credentials.kind !== "password" || !("ssmParameter" in credentials.password)) return config;
  const name = credentials.password.ssmParameter;
  const value = await readSecureParameter("NHN_API_PASSWORD_PARAM", name, getSecureString);
  if (value === "")
    throw new ConfigError([
      { param: "NHN_API_PASSWORD_PARAM", message: `SSM parameter ${name} is empty` },
    ]);
  return withApiPassword(config, new Secret(value));
}
