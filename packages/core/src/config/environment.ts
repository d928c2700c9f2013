import * as z from "zod";
import { parseRegionList } from "../regions.ts";
import { isHeaderSafeToken } from "../secret.ts";

export const API_VERSIONS = ["v1", "v2"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

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
  "IMAGES_CACHE_TTL_S",
  "INVENTORY_BUCKET",
  "INVENTORY_PREFIX",
  "S3_ENDPOINT",
  "S3_FORCE_PATH_STYLE",
  "EXPORT_MAX_DROP_PCT",
] as const;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Secrets are never echoed back in an error, whatever is wrong with them. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  "NHN_AUTH_TOKEN",
  "NHN_API_PASSWORD",
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
  EXPORT_MAX_DROP_PCT: integerIn(0, 100),
});
export type Environment = z.output<typeof EnvSchema>;
