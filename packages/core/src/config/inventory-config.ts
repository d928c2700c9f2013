import { ConfigError, type InputIssue } from "../errors.ts";
import { Secret } from "../secret.ts";
import {
  type ConfigVariable,
  type Environment,
  EnvSchema,
  environmentIssues,
  INVENTORY_VARIABLES,
} from "./environment.ts";
import { documentedSigningRegion } from "./object-storage-region.ts";

/** Where the inventory lives (`INVENTORY_*`, `S3_*`) and how much a snapshot may drop. */
export interface InventorySettings {
  readonly bucket: string | null;
  readonly prefix: string;
  /** The S3 API the inventory lives behind: AWS's, or an S3-compatible store such as NHN's. */
  readonly s3: S3Target;
  /**
   * A snapshot with this many percent fewer images than the previous one is refused unless
   * forced (`EXPORT_MAX_DROP_PCT`, 0 disables).
   */
  readonly maxDropPct: number;
}

/**
 * Where the inventory's S3 API is and how requests to it are signed. With no endpoint it is
 * AWS S3 with the SDK's default credentials (a Lambda's role); an S3-compatible store such as
 * NHN Object Storage has its own endpoint, signing region (`KR1`) and keys.
 */
export interface S3Target {
  /** `S3_ENDPOINT`, or null for AWS. */
  readonly endpoint: string | null;
  readonly forcePathStyle: boolean;
  /**
   * The region requests are signed for: `S3_REGION`; else, with an endpoint, the region of NHN
   * Object Storage's documented host (any other endpoint needs `S3_REGION`); else (AWS)
   * `AWS_REGION`, else us-east-1.
   */
  readonly region: string;
  /**
   * The store's own keys: from the environment, the name of the SSM SecureString holding them
   * (resolved at start-up, {@link resolveS3Credentials}), or null for the SDK's default chain.
   */
  readonly credentials: S3Credentials | { readonly ssmParameter: string } | null;
}

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
}

type InventoryEnvironment = Pick<Environment, (typeof INVENTORY_VARIABLES)[number]>;

const InventoryEnvSchema = EnvSchema.pick(
  Object.fromEntries(INVENTORY_VARIABLES.map((name) => [name, true])) as {
    [K in (typeof INVENTORY_VARIABLES)[number]]: true;
  },
);

/**
 * Only the inventory's settings, for what reads the inventory and nothing else (the command
 * line's `snapshots`, `changes`, `history`, `diff`): NHN Cloud's credentials are not asked for.
 *
 * @throws {ConfigError} naming every inventory variable that is missing or malformed.
 */
export function loadInventoryConfig(env: Readonly<Record<string, string | undefined>>): {
  inventory: InventorySettings;
} {
  const input: Partial<Record<ConfigVariable, string>> = {};
  for (const name of INVENTORY_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  const parsed = InventoryEnvSchema.safeParse(input);
  const issues = parsed.success ? [] : environmentIssues(parsed.error.issues);
  issues.push(...s3TargetIssues(input));
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  return { inventory: inventorySettings(parsed.data, env) };
}

/** The inventory's settings from the (already checked) environment. */
export function inventorySettings(
  e: InventoryEnvironment,
  env: Readonly<Record<string, string | undefined>>,
): InventorySettings {
  return {
    bucket: e.INVENTORY_BUCKET ?? null,
    prefix: normalisePrefix(e.INVENTORY_PREFIX ?? "nhn-images/"),
    s3: readS3Target(e, env),
    maxDropPct: e.EXPORT_MAX_DROP_PCT ?? 50,
  };
}

/**
 * The store's keys come as a pair, from the environment or from SSM, not both; a store of its
 * own (`S3_ENDPOINT`) needs its signing region, said or read from NHN's documented host.
 */
export function s3TargetIssues(input: Partial<Record<ConfigVariable, string>>): InputIssue[] {
  const issues: InputIssue[] = [];
  const has = (name: ConfigVariable) => input[name] !== undefined;
  const endpoint = input.S3_ENDPOINT;
  if (endpoint !== undefined && !has("S3_REGION") && documentedSigningRegion(endpoint) === null) {
    issues.push({
      param: "S3_REGION",
      message:
        "is required with an S3_ENDPOINT that is not one of NHN Object Storage's documented hosts: the store's signing region (KR1, KR2, KR3 or JP1 for NHN; its location for another store), never the Lambda's own region",
    });
  }
  const s3Keys = (["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter(has);
  if (s3Keys.length === 1) {
    const [given] = s3Keys;
    const missing = given === "S3_ACCESS_KEY_ID" ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID";
    issues.push({ param: missing, message: `is required with ${given}` });
  }
  if (s3Keys.length > 0 && has("S3_CREDENTIALS_PARAM")) {
    issues.push({
      param: "S3_CREDENTIALS_PARAM",
      message: "names the S3 keys' SSM parameter: set it or S3_ACCESS_KEY_ID, not both",
    });
  }
  return issues;
}
/** The inventory's S3 target from the (already checked) environment. */
function readS3Target(
  e: InventoryEnvironment,
  env: Readonly<Record<string, string | undefined>>,
): S3Target {
  const endpoint = e.S3_ENDPOINT ?? null;
  const lambdaRegion = env.AWS_REGION?.trim();
  const awsRegion = lambdaRegion === undefined || lambdaRegion === "" ? "us-east-1" : lambdaRegion;
  let credentials: S3Target["credentials"] = null;
  if (e.S3_ACCESS_KEY_ID !== undefined && e.S3_SECRET_ACCESS_KEY !== undefined) {
    credentials = {
      accessKeyId: e.S3_ACCESS_KEY_ID,
      secretAccessKey: new Secret(e.S3_SECRET_ACCESS_KEY),
    };
  } else if (e.S3_CREDENTIALS_PARAM !== undefined) {
    credentials = { ssmParameter: e.S3_CREDENTIALS_PARAM };
  }
  return {
    endpoint,
    forcePathStyle: e.S3_FORCE_PATH_STYLE ?? endpoint !== null,
    // A store of its own signs for its own region (checked present by s3TargetIssues), never
    // for the Lambda's AWS region.
    region:
      e.S3_REGION ??
      (endpoint === null ? awsRegion : (documentedSigningRegion(endpoint) ?? awsRegion)),
    credentials,
  };
}

function normalisePrefix(prefix: string): string {
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}
