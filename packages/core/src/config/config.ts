import { ConfigError, type InputIssue } from "../errors.ts";
import type { Region } from "../regions.ts";
import { Secret } from "../secret.ts";
import {
  type ApiVersion,
  CONFIG_VARIABLES,
  type ConfigVariable,
  type Environment,
  EnvSchema,
  environmentIssues,
} from "./environment.ts";
import { type InventorySettings, inventorySettings, s3TargetIssues } from "./inventory-config.ts";

export const DEFAULT_COMPUTE_URL = "https://api-compute.cloud.toast.com/compute";
export const DEFAULT_IDENTITY_URL = "https://api-identity-infrastructure.nhncloudservice.com/v2.0";

/** Everything the core, the functions and the command line read from the environment, parsed once. */
export interface Config {
  readonly apiVersion: ApiVersion;
  /** The regions to list, in the order given (v1: KR1 only). */
  readonly regions: readonly Region[];
  /** The projects (tenant ids) to list over v2, in the order given; may be empty with a token. */
  readonly projects: readonly string[];
  readonly appkey: string | null;
  readonly computeUrl: string;
  /** `NHN_IMAGE_URL`, overriding the service catalog (single region only), or null. */
  readonly imageUrl: string | null;
  readonly identityUrl: string;
  readonly credentials: Credentials;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Pages one listing may take before it fails (`NHN_MAX_PAGES`). */
  readonly maxPages: number;
  /**
   * `NHN_USAGE`: images carry `usage`, from the servers, volumes and NKS node groups of the
   * configured projects (v2 only).
   */
  readonly usage: boolean;
  readonly cacheTtlS: number;
  readonly inventory: InventorySettings;
  /** The export's change events (DESIGN.md, "Change events"). */
  readonly events: {
    /** `EVENT_BUS_NAME`: the EventBridge bus (name or ARN), or null for no events. */
    readonly busName: string | null;
    /** Per-image change events per run, the first in snapshot order (`EVENT_MAX_CHANGES`). */
    readonly maxChanges: number;
    /** `EVENTBRIDGE_ENDPOINT`: another PutEvents endpoint (local runs, tests), or null for AWS. */
    readonly endpoint: string | null;
  };
}

/**
 * How to authenticate. v2: the NHN Cloud ID and API password; v1: the User Access Key ID and
 * Secret Access Key. `password` is either the secret itself or the name of the SSM SecureString
 * holding it, resolved at start-up ({@link resolveApiPassword}) so the core never talks to SSM.
 */
export type Credentials =
  | { readonly kind: "token"; readonly token: Secret }
  | {
      readonly kind: "password";
      readonly username: string;
      readonly password: Secret | { readonly ssmParameter: string };
    };

/**
 * Parses the environment into a {@link Config}. Empty variables count as unset.
 *
 * @throws {ConfigError} naming every variable that is missing or malformed, never a value of
 *   a secret.
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const input: Partial<Record<ConfigVariable, string>> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  const parsed = EnvSchema.safeParse(input);
  const issues: InputIssue[] = parsed.success ? [] : environmentIssues(parsed.error.issues);
  issues.push(...requiredTogether(input, parsed.success ? parsed.data : null));
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  const e = parsed.data;

  return {
    apiVersion: e.NHN_API_VERSION,
    regions: e.NHN_REGION,
    projects: e.NHN_TENANT_ID ?? [],
    appkey: e.NHN_APPKEY ?? null,
    computeUrl: e.NHN_COMPUTE_URL ?? DEFAULT_COMPUTE_URL,
    imageUrl: e.NHN_IMAGE_URL ?? null,
    identityUrl: e.NHN_IDENTITY_URL ?? DEFAULT_IDENTITY_URL,
    credentials: readCredentials(e),
    timeoutMs: e.NHN_TIMEOUT_MS ?? 10_000,
    maxRetries: e.NHN_MAX_RETRIES ?? 2,
    maxPages: e.NHN_MAX_PAGES ?? 5_000,
    usage: e.NHN_USAGE ?? false,
    cacheTtlS: e.IMAGES_CACHE_TTL_S ?? 60,
    inventory: inventorySettings(e, env),
    events: {
      busName: e.EVENT_BUS_NAME ?? null,
      maxChanges: e.EVENT_MAX_CHANGES ?? 100,
      endpoint: e.EVENTBRIDGE_ENDPOINT ?? null,
    },
  };
}

/**
 * The rules that tie variables together, checked on the raw input so that one error names every
 * problem even when some values are malformed (`parsed` is null then).
 */
function requiredTogether(
  input: Partial<Record<ConfigVariable, string>>,
  parsed: Environment | null,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const has = (name: ConfigVariable) => input[name] !== undefined;
  const v1 = input.NHN_API_VERSION === "v1";
  if (v1 && !has("NHN_APPKEY")) {
    issues.push({ param: "NHN_APPKEY", message: "is required when NHN_API_VERSION is v1" });
  }
  if (!has("NHN_AUTH_TOKEN")) {
    if (!has("NHN_USERNAME")) {
      issues.push({
        param: "NHN_USERNAME",
        message: v1
          ? "is required unless NHN_AUTH_TOKEN is set: for v1, your User Access Key ID"
          : "is required unless NHN_AUTH_TOKEN is set: for v2, your NHN Cloud ID (e-mail)",
      });
    }
    if (!has("NHN_API_PASSWORD") && !has("NHN_API_PASSWORD_PARAM")) {
      issues.push({
        param: "NHN_API_PASSWORD",
        message: v1
          ? "or NHN_API_PASSWORD_PARAM is required unless NHN_AUTH_TOKEN is set: for v1, your Secret Access Key"
          : "or NHN_API_PASSWORD_PARAM is required unless NHN_AUTH_TOKEN is set: for v2, your API password",
      });
    }
    if (!v1 && !has("NHN_TENANT_ID")) {
      issues.push({
        param: "NHN_TENANT_ID",
        message: "is required for v2 unless NHN_AUTH_TOKEN is set",
      });
    }
  }
  issues.push(...s3TargetIssues(input));
  if (parsed === null) return issues;
  const regions = parsed.NHN_REGION;
  if (v1 && (regions.length !== 1 || regions[0] !== "KR1")) {
    issues.push({
      param: "NHN_REGION",
      message: "must be KR1 with NHN_API_VERSION=v1: NHN documents the v1 API for Korea only",
    });
  }
  if (has("NHN_IMAGE_URL") && regions.length > 1) {
    issues.push({
      param: "NHN_IMAGE_URL",
      message:
        "names one endpoint, so it needs a single NHN_REGION (several take theirs from the service catalog)",
    });
  }
  if (parsed.NHN_USAGE === true && v1) {
    issues.push({
      param: "NHN_USAGE",
      message:
        "needs NHN_API_VERSION=v2: servers, volumes and NKS node groups are listed with v2's project tokens",
    });
  }
  if (parsed.NHN_USAGE === true && !v1 && (parsed.NHN_TENANT_ID?.length ?? 0) === 0) {
    issues.push({
      param: "NHN_TENANT_ID",
      message:
        "is required with NHN_USAGE=true: servers and volumes are listed per project (/v2/{tenantId}/…)",
    });
  }
  if (!v1 && has("NHN_AUTH_TOKEN") && (parsed.NHN_TENANT_ID?.length ?? 0) > 1) {
    issues.push({
      param: "NHN_TENANT_ID",
      message:
        "lists several projects, but NHN_AUTH_TOKEN is scoped to one: give one, or log in with NHN_USERNAME and the API password",
    });
  }
  return issues;
}

/** The credentials the (already checked) environment names. */
function readCredentials(e: Environment): Credentials {
  if (e.NHN_AUTH_TOKEN !== undefined) return { kind: "token", token: new Secret(e.NHN_AUTH_TOKEN) };
  const password =
    e.NHN_API_PASSWORD !== undefined
      ? new Secret(e.NHN_API_PASSWORD)
      : { ssmParameter: e.NHN_API_PASSWORD_PARAM ?? "" };
  return { kind: "password", username: e.NHN_USERNAME ?? "", password };
}
