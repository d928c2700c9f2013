import * as z from "zod";
import { ConfigError } from "./errors.ts";
import { Secret } from "./secret.ts";

export const API_VERSIONS = ["v1", "v2"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export const REGIONS = ["KR1", "KR2", "KR3", "JP1"] as const;
export type Region = (typeof REGIONS)[number];

export const DEFAULT_COMPUTE_URL = "https://api-compute.cloud.toast.com/compute";
export const DEFAULT_IDENTITY_URL = "https://api-identity-infrastructure.nhncloudservice.com/v2.0";

/** The Glance v2 host of a region. */
export function regionImageUrl(region: Region): string {
  return `https://${region.toLowerCase()}-api-image-infrastructure.nhncloudservice.com`;
}

/** Everything the core and the functions read from the environment, parsed once. */
export interface Config {
  readonly apiVersion: ApiVersion;
  readonly region: Region;
  readonly appkey: string | null;
  readonly computeUrl: string;
  readonly imageUrl: string;
  readonly identityUrl: string;
  readonly credentials: Credentials;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly cacheTtlS: number;
  readonly inventory: {
    readonly bucket: string | null;
    readonly prefix: string;
    readonly s3Endpoint: string | null;
    readonly s3ForcePathStyle: boolean;
  };
}

/**
 * How to authenticate. `password` is either the secret itself or the name of the SSM
 * SecureString holding it; the functions resolve the latter at cold start
 * ({@link withApiPassword}) so the core never talks to SSM.
 */
export type Credentials =
  | { readonly kind: "token"; readonly token: Secret }
  | {
      readonly kind: "password";
      readonly username: string;
      readonly password: Secret | { readonly ssmParameter: string };
      readonly tenantId: string | null;
    };

/** Every variable {@link loadConfig} reads. */
export const CONFIG_VARIABLES = [
  "NHN_API_VERSION",
  "NHN_APPKEY",
  "NHN_REGION",
  "NHN_COMPUTE_URL",
  "NHN_IMAGE_URL",
  "NHN_IDENTITY_URL",
  "NHN_AUTH_TOKEN",
  "NHN_TENANT_ID",
  "NHN_USERNAME",
  "NHN_API_PASSWORD",
  "NHN_API_PASSWORD_PARAM",
  "NHN_TIMEOUT_MS",
  "NHN_MAX_RETRIES",
  "IMAGES_CACHE_TTL_S",
  "INVENTORY_BUCKET",
  "INVENTORY_PREFIX",
  "S3_ENDPOINT",
  "S3_FORCE_PATH_STYLE",
] as const;

const optionalText = z.string().trim().min(1).optional();

const baseUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .transform((url) => url.replace(/\/+$/, ""))
  .optional();

const integerIn = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .optional();

const EnvSchema = z.object({
  NHN_API_VERSION: z.enum(API_VERSIONS, { error: "must be v1 or v2" }).default("v1"),
  NHN_APPKEY: optionalText,
  NHN_REGION: z
    .string()
    .toUpperCase()
    .pipe(z.enum(REGIONS, { error: "must be one of KR1, KR2, KR3, JP1" }))
    .default("KR1"),
  NHN_COMPUTE_URL: baseUrl,
  NHN_IMAGE_URL: baseUrl,
  NHN_IDENTITY_URL: baseUrl,
  NHN_AUTH_TOKEN: optionalText,
  NHN_TENANT_ID: optionalText,
  NHN_USERNAME: optionalText,
  NHN_API_PASSWORD: optionalText,
  NHN_API_PASSWORD_PARAM: optionalText,
  NHN_TIMEOUT_MS: integerIn(1, 900_000),
  NHN_MAX_RETRIES: integerIn(0, 10),
  IMAGES_CACHE_TTL_S: integerIn(0, 86_400),
  INVENTORY_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name")
    .optional(),
  INVENTORY_PREFIX: z
    .string()
    .refine((p) => !p.startsWith("/"), "must not start with /")
    .optional(),
  S3_ENDPOINT: baseUrl,
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false"], { error: "must be true or false" })
    .default("false")
    .transform((v) => v === "true"),
});

/** Secrets are never echoed back in an error, whatever is wrong with them. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(["NHN_AUTH_TOKEN", "NHN_API_PASSWORD"]);

/**
 * Parses the environment into a {@link Config}. Empty variables count as unset.
 *
 * @throws {ConfigError} naming every variable that is missing or malformed, never a value of
 *   a secret.
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const input: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  const parsed = EnvSchema.safeParse(input);
  const issues: { param: string; message: string }[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const param = String(issue.path[0] ?? "environment");
        return { param, message: SECRET_VARIABLES.has(param) ? "is invalid" : issue.message };
      });
  // Which variables are required depends on others: checked on the raw input, so one error
  // names every problem even when some values are malformed.
  const has = (name: (typeof CONFIG_VARIABLES)[number]) => input[name] !== undefined;
  const v2 = input.NHN_API_VERSION === "v2";
  if (!v2 && !has("NHN_APPKEY")) {
    issues.push({ param: "NHN_APPKEY", message: "is required when NHN_API_VERSION is v1" });
  }
  if (!has("NHN_AUTH_TOKEN")) {
    if (!has("NHN_USERNAME"))
      issues.push({ param: "NHN_USERNAME", message: "is required unless NHN_AUTH_TOKEN is set" });
    if (!has("NHN_API_PASSWORD") && !has("NHN_API_PASSWORD_PARAM")) {
      issues.push({
        param: "NHN_API_PASSWORD",
        message: "or NHN_API_PASSWORD_PARAM is required unless NHN_AUTH_TOKEN is set",
      });
    }
    if (v2 && !has("NHN_TENANT_ID")) {
      issues.push({
        param: "NHN_TENANT_ID",
        message: "is required for v2 unless NHN_AUTH_TOKEN is set",
      });
    }
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  const e = parsed.data;

  return {
    apiVersion: e.NHN_API_VERSION,
    region: e.NHN_REGION,
    appkey: e.NHN_APPKEY ?? null,
    computeUrl: e.NHN_COMPUTE_URL ?? DEFAULT_COMPUTE_URL,
    imageUrl: e.NHN_IMAGE_URL ?? regionImageUrl(e.NHN_REGION),
    identityUrl: e.NHN_IDENTITY_URL ?? DEFAULT_IDENTITY_URL,
    credentials: readCredentials(e),
    timeoutMs: e.NHN_TIMEOUT_MS ?? 10_000,
    maxRetries: e.NHN_MAX_RETRIES ?? 2,
    cacheTtlS: e.IMAGES_CACHE_TTL_S ?? 60,
    inventory: {
      bucket: e.INVENTORY_BUCKET ?? null,
      prefix: normalisePrefix(e.INVENTORY_PREFIX ?? "nhn-images/"),
      s3Endpoint: e.S3_ENDPOINT ?? null,
      s3ForcePathStyle: e.S3_FORCE_PATH_STYLE,
    },
  };
}

/** Returns `config` with the API password resolved (from SSM, by the caller). */
export function withApiPassword(config: Config, password: Secret): Config {
  if (config.credentials.kind !== "password") return config;
  return { ...config, credentials: { ...config.credentials, password } };
}

/** The credentials the (already checked) environment names. */
function readCredentials(e: z.output<typeof EnvSchema>): Credentials {
  if (e.NHN_AUTH_TOKEN !== undefined) return { kind: "token", token: new Secret(e.NHN_AUTH_TOKEN) };
  const password =
    e.NHN_API_PASSWORD !== undefined
      ? new Secret(e.NHN_API_PASSWORD)
      : { ssmParameter: e.NHN_API_PASSWORD_PARAM ?? "" };
  return {
    kind: "password",
    username: e.NHN_USERNAME ?? "",
    password,
    tenantId: e.NHN_TENANT_ID ?? null,
  };
}

function normalisePrefix(prefix: string): string {
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}

/**
 * Resolves an API password held in SSM (`NHN_API_PASSWORD_PARAM`), so the core itself never
 * talks to SSM: the functions pass the fetcher (Powertools Parameters), tests a stub.
 */
export async function resolveApiPassword(
  config: Config,
  getSecureString: (name: string) => Promise<string>,
): Promise<Config> {
  const { credentials } = config;
  if (credentials.kind !== "password" || !("ssmParameter" in credentials.password)) return config;
  const name = credentials.password.ssmParameter;
  let value: string;
  try {
    value = await getSecureString(name);
  } catch (error) {
    throw new ConfigError([
      {
        param: "NHN_API_PASSWORD_PARAM",
        message: `could not read SSM parameter ${name}: ${(error as Error).name}`,
      },
    ]);
  }
  if (value === "")
    throw new ConfigError([
      { param: "NHN_API_PASSWORD_PARAM", message: `SSM parameter ${name} is empty` },
    ]);
  return withApiPassword(config, new Secret(value));
}
