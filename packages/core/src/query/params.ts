import * as z from "zod";
import { REGIONS } from "../regions.ts";
import {
  DISK_FORMATS,
  type ImageField,
  imageFields,
  KNOWN_IMAGE_STATUSES,
  VISIBILITIES,
} from "../schemas/image.ts";
import type { UsageVerdict } from "../schemas/image-usage.ts";
import { formatTimestamp, parseTimestamp } from "../timestamp.ts";

/** Fields `sort` accepts. */
export const SORT_FIELDS = [
  "name",
  "createdAt",
  "updatedAt",
  "size",
  "minDisk",
  "minRam",
  "status",
  "diskFormat",
  "region",
  "visibility",
  "owner",
  "family",
] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const OUTPUT_FORMATS = ["json", "ndjson", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Input limits: a longer query string, list or glob is a 400, not work. */
export const QUERY_LIMITS = {
  queryStringBytes: 8 * 1024,
  listValues: 100,
  globLength: 256,
  propertyFilters: 20,
  tagFilters: 20,
} as const;

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** `format`: json, ndjson or csv; `Accept` negotiates the same when it is absent. */
export const outputFormat = z.enum(OUTPUT_FORMATS, { error: "must be json, ndjson or csv" }).meta({
  description: "Response format; Accept negotiates the same when absent.",
});

export const commaList = <Out>(item: z.ZodType<Out, string>) =>
  z
    .string()
    .transform((text) => text.split(","))
    .pipe(
      z
        .array(z.string().min(1, "has an empty value").pipe(item))
        .max(QUERY_LIMITS.listValues, `has more than ${QUERY_LIMITS.listValues} values`),
    );

const WHOLE_NUMBER = `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;

/** A count or a size: 0 up to the largest integer a JSON number holds exactly. */
export const wholeNumber = z
  .string()
  .regex(/^\d{1,16}$/, WHOLE_NUMBER)
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, WHOLE_NUMBER));

const instant = z.string().transform((text, ctx) => {
  const shaped =
    /^\d{4}-\d{2}-\d{2}$/.test(text) || /^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:\d{2})$/i.test(text);
  const epoch = shaped ? parseTimestamp(text) : null;
  if (epoch === null) {
    // `+09:00` sent unencoded arrives as ` 09:00`: a query string decodes + as a space.
    const plusAsSpace = /^\d{4}-\d{2}-\d{2}T[^ ]* \d{2}:\d{2}$/.test(text);
    ctx.addIssue({
      code: "custom",
      message: plusAsSpace
        ? "must be an RFC 3339 time: its offset's + arrived as a space (a query string decodes + as a space); encode it as %2B"
        : "must be an RFC 3339 time (with Z or an offset) or YYYY-MM-DD",
    });
    return z.NEVER;
  }
  return formatTimestamp(epoch);
});

/** One region, in any case: `kr1` is KR1. */
export const oneRegion = z
  .string()
  .transform((text) => text.toUpperCase())
  .pipe(z.enum(REGIONS, { error: `must be one of ${REGIONS.join(", ")}` }));

/** A day, `YYYY-MM-DD`, that exists in the calendar (not 2026-02-30). */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be YYYY-MM-DD", abort: true })
  .refine((text) => {
    const day = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
  }, "is not a calendar date");

export const glob = z
  .string()
  .max(QUERY_LIMITS.globLength, `must be at most ${QUERY_LIMITS.globLength} characters`);

const sortKey = z.string().transform((text, ctx) => {
  const [field, direction = "asc", extra] = text.split(":");
  if (
    !(SORT_FIELDS as readonly string[]).includes(field ?? "") ||
    extra !== undefined ||
    (direction !== "asc" && direction !== "desc")
  ) {
    ctx.addIssue({
      code: "custom",
      message: `"${text.slice(0, 40)}" is not field or field:asc|desc over ${SORT_FIELDS.join(", ")}`,
    });
    return z.NEVER;
  }
  return { field: field as SortField, direction: direction as "asc" | "desc" };
});

/** Every field a projection may name; `usage` only where `NHN_USAGE` is on (see checkUsageParameters). */
const PROJECTABLE_FIELDS = imageFields(true);
const projectionField = z.enum(PROJECTABLE_FIELDS as [ImageField, ...ImageField[]], {
  error: (issue) =>
    `"${String(issue.input).slice(0, 40)}" is not an Image field (${PROJECTABLE_FIELDS.join(", ")})`,
});

/** `inUse`'s values and the usage verdicts they select. */
export const IN_USE_VALUES: Readonly<Record<"true" | "false" | "unknown", UsageVerdict>> = {
  true: "inUse",
  false: "unused",
  unknown: "unknown",
};

/** `limit`: rows per page, 1–{@link MAX_LIMIT}. */
export const pageLimit = (rows: string) =>
  wholeNumber
    .pipe(z.number().min(1, "must be at least 1").max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`))
    .meta({ description: `${rows} per page, 1–${MAX_LIMIT}.`, example: "100" });

/**
 * The query parameters of `GET /images`, one zod schema each: the parser and the OpenAPI
 * document both come from here.
 */
export const IMAGE_QUERY_PARAMETERS = {
  status: commaList(
    z.enum(KNOWN_IMAGE_STATUSES, { error: `must be one of ${KNOWN_IMAGE_STATUSES.join(", ")}` }),
  ).meta({ description: "Comma list of statuses; any of them matches.", example: "active,queued" }),
  diskFormat: commaList(
    z.enum(DISK_FORMATS, { error: `must be one of ${DISK_FORMATS.join(", ")}` }),
  ).meta({ description: "Comma list of disk formats; any of them matches.", example: "qcow2,raw" }),
  visibility: commaList(
    z.enum(VISIBILITIES, { error: `must be one of ${VISIBILITIES.join(", ")}` }),
  ).meta({
    description:
      "Comma list of visibilities (public, private, shared, community); the image's visibility is any of them. Over v1 images are public or private.",
    example: "private,shared",
  }),
  protected: z
    .enum(["true", "false"], { error: "must be true or false" })
    .transform((v) => v === "true")
    .meta({ description: "Delete protection." }),
  inUse: commaList(
    z
      .enum(["true", "false", "unknown"], { error: "must be true, false or unknown" })
      .transform((value) => IN_USE_VALUES[value]),
  ).meta({
    description:
      "Comma list of true (the usage verdict is inUse), false (unused) and unknown; any of them matches. Only where the deployment has NHN_USAGE=true.",
    example: "false",
  }),
  id: commaList(z.string().max(256, "is too long")).meta({
    description: "Comma list of image ids; any of them matches.",
  }),
  owner: commaList(z.string().max(256, "is too long")).meta({
    description:
      "Comma list of owning projects (tenant ids); any of them matches. v1 images have no owner.",
  }),
  region: commaList(oneRegion).meta({
    description: "Comma list of regions; any of them matches.",
    example: "KR1,KR2",
  }),
  family: commaList(z.string().max(256, "is too long")).meta({
    description:
      "Comma list of family names, exact (case-sensitive); any of them matches. An image's family is its image_family property, else its name without its date stamp.",
    example: "Ubuntu Server 24.04.3 LTS",
  }),
  tag: z
    .array(glob)
    .max(QUERY_LIMITS.tagFilters, `may be given at most ${QUERY_LIMITS.tagFilters} times`)
    .meta({
      description:
        "Repeatable glob (as name). An image matches when one of its tags matches each tag given.",
      example: ["_AVAILABLE_"],
    }),
  name: glob.meta({
    description:
      "Case-insensitive glob on the name: * any run, ? one character, \\ escapes. Without wildcards an exact (case-insensitive) match.",
    example: "ubuntu*22.04*",
  }),
  property: z
    .array(
      z
        .string()
        .min(1, "must not be empty")
        .max(QUERY_LIMITS.globLength + 128, "is too long"),
    )
    .max(QUERY_LIMITS.propertyFilters, `may be given at most ${QUERY_LIMITS.propertyFilters} times`)
    .meta({
      description:
        "Repeatable. key:glob — the property exists and its value matches (case-insensitive glob); key alone — it exists. The first : splits.",
      example: ["os_distro:ubuntu"],
    }),
  fitsDisk: wholeNumber.meta({ description: "Disk in GB: images with minDisk <= fitsDisk." }),
  fitsRam: wholeNumber.meta({ description: "RAM in MB: images with minRam <= fitsRam." }),
  sizeMin: wholeNumber.meta({
    description: "Bytes, inclusive; images without a size never match.",
  }),
  sizeMax: wholeNumber.meta({
    description: "Bytes, inclusive; images without a size never match.",
  }),
  createdSince: instant.meta({ description: "RFC 3339 or YYYY-MM-DD (UTC midnight), inclusive." }),
  createdBefore: instant.meta({ description: "RFC 3339 or YYYY-MM-DD (UTC midnight), exclusive." }),
  updatedSince: instant.meta({ description: "RFC 3339 or YYYY-MM-DD (UTC midnight), inclusive." }),
  updatedBefore: instant.meta({ description: "RFC 3339 or YYYY-MM-DD (UTC midnight), exclusive." }),
  sort: commaList(sortKey)
    .refine((keys) => new Set(keys.map((k) => k.field)).size === keys.length, "names a field twice")
    .meta({
      description: `Comma list of field or field:asc|desc over ${SORT_FIELDS.join(", ")}. Default createdAt:desc; id:asc then region:asc always break ties; nulls last.`,
      example: "name,createdAt:desc",
    }),
  fields: commaList(projectionField).meta({
    description:
      "Comma list of Image fields to return; id and region (an image's identity) are always included.",
    example: "id,name,status",
  }),
  limit: pageLimit("Images"),
  cursor: z.string().max(QUERY_LIMITS.queryStringBytes, "is too long").meta({
    description:
      "Opaque page.next of the previous page. It carries the filters and sort: send it alone, or with the same ones.",
  }),
  format: outputFormat,
  asOf: calendarDate.meta({
    description:
      "YYYY-MM-DD: answer from the newest inventory snapshot dated on or before that day instead of the live API (404 when there is none that old).",
    example: "2026-11-20",
  }),
} as const;

export type ImageQueryParameter = keyof typeof IMAGE_QUERY_PARAMETERS;
export const QUERY_PARAMETER_NAMES = Object.keys(IMAGE_QUERY_PARAMETERS) as ImageQueryParameter[];

/** Parameters that may be given more than once (the others are a 400 when repeated). */
export const REPEATABLE_PARAMETERS: ReadonlySet<string> = new Set([
  "property",
  "tag",
  "status",
  "diskFormat",
  "visibility",
  "id",
  "owner",
  "region",
  "inUse",
  "family",
]);

/** Repeatable parameters whose every value is one filter (ANDed), not joined into one list. */
export const MULTI_VALUE_PARAMETERS: ReadonlySet<string> = new Set(["property", "tag"]);
