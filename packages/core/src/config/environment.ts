import * as z from "zod";
import type { InputIssue } from "../errors.ts";
import { parseRegionList } from "../regions.ts";
import { isHeaderSafeToken } from "../secret.ts";

export const API_VERSIONS = ["v1", "v2"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** The variables that say where the inventory is and how its store is reached. */
export const INVENTORY_VARIABLES = [
  "INVENTORY_BUCKET",
  "INVENTORY_PREFIX",
  "S3_ENDPOINT",
  "S3_FORCE_PATH_STYLE",
  "S3_REGION",
  "S3_CREDENTIALS_PARAM",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "EXPORT_MAX_DROP_PCT",
] as const;

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
  "NHN_MAX_PAGES",
  "NHN_USAGE",
  "IMAGES_CACHE_TTL_S",
  ...INVENTORY_VARIABLES,
  "EVENT_BUS_NAME",
  "EVENT_MAX_CHANGES",
  "EVENTBRIDGE_ENDPOINT",
] as const;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Secrets are never echoed back in an error, whatever is wrong with them. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  "NHN_AUTH_TOKEN",
  "NHN_API_PASSWORD",
  "S3_SECRET_ACCESS_KEY",
]);

/** At most this many projects in `NHN_TENANT_ID`: each is a listing per region. */
export const MAX_PROJECTS = 20;

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

const regionList = z.string().transform((text, ctx) => {
  const regions = parseRegionList(text);
  if (regions === null) {
    ctx.addIssue({
      code: "custom",
      message: "must be KR1, KR2, KR3 or JP1, a comma list of them, or all",
    });
    return z.NEVER;
  }
  return regions;
});

const projectList = z.string().transform((text, ctx) => {
  const projects = [...new Set(text.split(",").map((entry) => entry.trim()))];
  if (projects.some((project) => project === "" || /\s/.test(project))) {
    ctx.addIssue({ code: "custom", message: "must be a tenant id or a comma list of them" });
    return z.NEVER;
  }
  if (projects.length > MAX_PROJECTS) {
    ctx.addIssue({ code: "custom", message: `may list at most ${MAX_PROJECTS} projects` });
    return z.NEVER;
  }
  return projects;
});

/** The environment, variable by variable. Rules that tie variables together are in loadConfig. */
export const EnvSchema = z.object({
  NHN_API_VERSION: z.enum(API_VERSIONS, { error: "must be v1 or v2" }).default("v2"),
  NHN_APPKEY: optionalText,
  NHN_REGION: regionList.default(["KR1"]),
  NHN_COMPUTE_URL: baseUrl,
  NHN_IMAGE_URL: baseUrl,
  NHN_IDENTITY_URL: baseUrl,
  NHN_AUTH_TOKEN: optionalText.refine(
    (token) => token === undefined || isHeaderSafeToken(token),
    "is not a valid header value (visible ASCII, spaces only inside)",
  ),
  NHN_TENANT_ID: projectList.optional(),
  NHN_USERNAME: optionalText,
  NHN_API_PASSWORD: optionalText,
  NHN_API_PASSWORD_PARAM: optionalText,
  NHN_TIMEOUT_MS: integerIn(1, 900_000),
  NHN_MAX_RETRIES: integerIn(0, 10),
  NHN_MAX_PAGES: integerIn(1, 1_000_000),
  /** Usage evidence (DESIGN.md, "Image usage"): more permissions and calls, so opt-in. */
  NHN_USAGE: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((v) => v === "true")
    .optional(),
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
  /** Unset: path-style when `S3_ENDPOINT` is set (NHN Object Storage, local servers), else not. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((v) => v === "true")
    .optional(),
  /** A signing region: AWS's (`eu-west-1`) or NHN Object Storage's (`KR1`). */
  S3_REGION: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,32}$/, "must be a region name such as KR1 or eu-west-1")
    .optional(),
  S3_CREDENTIALS_PARAM: optionalText,
  S3_ACCESS_KEY_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,256}$/, "must be an access key id (visible ASCII, no spaces)")
    .optional(),
  S3_SECRET_ACCESS_KEY: z
    .string()
    .refine((key) => /^[\x21-\x7e]{1,256}$/.test(key), "must be visible ASCII, no spaces")
    .optional(),
  EXPORT_MAX_DROP_PCT: integerIn(0, 100),
  /**
   * A bus name or ARN, as PutEvents takes it (EventBridge API reference, PutEventsRequestEntry:
   * `(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+`, at
   * most 1,600 characters); partner buses' names also hold `/`.
   */
  EVENT_BUS_NAME: z
    .string()
    .trim()
    .max(1600, "must be at most 1600 characters")
    .regex(
      /^(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[./\-_A-Za-z0-9]+$/,
      "must be an EventBridge bus name (letters, digits, . - _ /) or a bus ARN",
    )
    .optional(),
  EVENT_MAX_CHANGES: integerIn(0, 100_000),
  EVENTBRIDGE_ENDPOINT: baseUrl,
});
export type Environment = z.output<typeof EnvSchema>;

/**
 * The environment's problems, one per variable at fault. Our own rules' messages never quote a
 * value; zod's might, so a secret's are replaced.
 */
export function environmentIssues(
  issues: readonly {
    readonly path: readonly PropertyKey[];
    readonly code: string;
    readonly message: string;
  }[],
): InputIssue[] {
  return issues.map((issue) => {
    const param = String(issue.path[0] ?? "environment");
    const quiet = SECRET_VARIABLES.has(param) && issue.code !== "custom";
    return { param, message: quiet ? "is invalid" : issue.message };
  });
}
