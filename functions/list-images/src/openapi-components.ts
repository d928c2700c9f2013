import { MAX_LIMIT, REGIONS } from "@nhn-images/core";
import * as z from "zod";

// The pieces every route's OpenAPI description shares: paging, problems, ETags, parameters.

export const Page = z
  .object({
    limit: z.int().min(1).max(MAX_LIMIT),
    matched: z
      .int()
      .nonnegative()
      .meta({ description: "Rows matching the query, over every page." }),
    next: z.string().nullable().meta({ description: "Cursor of the next page; null on the last." }),
  })
  .meta({ id: "Page" });

const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    issues: z
      .array(z.object({ param: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "On 400: one entry per problem, naming its parameter." }),
    resultCode: z
      .int()
      .nullable()
      .optional()
      .meta({ description: "On 502 from NHN Cloud: the upstream v1 resultCode." }),
    resultMessage: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "On 502 from NHN Cloud: the upstream v1 resultMessage." }),
    snapshotDate: z
      .string()
      .optional()
      .meta({ description: "On 502 from the inventory: the snapshot that cannot be read." }),
    requestId: z.string().optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

export const etag = z.string().meta({ description: "Strong ETag of the content." });

export const pagingHeaders = z.object({
  ETag: etag,
  "X-Total-Count": z
    .string()
    .optional()
    .meta({ description: "ndjson and csv: matched rows over every page." }),
  "X-Next-Cursor": z
    .string()
    .optional()
    .meta({ description: "ndjson and csv: cursor of the next page, absent on the last." }),
  "X-Skipped-Snapshots": z
    .string()
    .optional()
    .meta({ description: "ndjson and csv: the skipped dates, comma-separated." }),
});

// `Accept` is not declared as a parameter: OpenAPI says a header parameter named Accept is
// ignored; the formats an answer has are its content types, and `format` picks one.
export const IfNoneMatch = z.object({
  "If-None-Match": z
    .string()
    .optional()
    .meta({ description: "An ETag from an earlier answer: 304 while unchanged." }),
});

/** The operations' groups, as `tags` name them. */
export const TAGS = [
  {
    name: "images",
    description: "The images, live from NHN Cloud or as a past day's snapshot held them.",
  },
  {
    name: "inventory",
    description: "The nightly inventory's snapshots and what changed between them.",
  },
  { name: "meta", description: "This API's own description." },
];

/** A route's query parameters, each optional, with its description lifted to the parameter. */
export function queryOf(parameters: Record<string, z.ZodType>) {
  return z.object(
    Object.fromEntries(
      Object.entries(parameters).map(([name, schema]) => [
        name,
        schema.optional().meta({ description: String(schema.meta()?.description ?? name) }),
      ]),
    ),
  );
}

/** The 200 answer of a paged route: its JSON envelope, or the rows as NDJSON or CSV. */
export function pagedAnswer(description: string, json: z.ZodType, csv: string) {
  return {
    description,
    headers: pagingHeaders,
    content: {
      "application/json": { schema: json },
      "application/x-ndjson": {
        schema: z.string().meta({ description: "One row per line, no envelope." }),
      },
      "text/csv": {
        schema: z.string().meta({ description: `RFC 4180 with a header row; ${csv}` }),
      },
    },
  };
}

export const common = {
  "304": { description: "Not modified since the ETag given in If-None-Match." },
  "400": problem("Invalid query: `issues` names each parameter."),
  "502": problem("NHN Cloud failed; resultCode and resultMessage as it answered."),
  "504": problem("NHN Cloud did not answer in time."),
  "500": problem("Unexpected error."),
};

/** The answers of a route that reads the inventory. */
export const inventoryAnswers = {
  "304": common["304"],
  "400": common["400"],
  "406": problem("Accept allows none of the formats."),
  "501": problem("This deployment has no inventory (INVENTORY_BUCKET is not set)."),
  "502": problem(
    "A snapshot the answer needs is missing, partial or does not match its manifest (snapshotDate names it), or the store could not be read.",
  ),
  "504": problem("The inventory was not read in time."),
  "500": common["500"],
};

const LiveSource = z
  .object({
    api: z.enum(["v1", "v2"]),
    regions: z.array(z.enum(REGIONS)).meta({ description: "The regions listed." }),
    fetchedAt: z.iso.datetime().meta({ description: "When the upstream list was fetched." }),
    cached: z.boolean().meta({ description: "Served from the warm container's cache." }),
  })
  .meta({ description: "Without asOf: the live API." });

const SnapshotSource = z
  .object({
    snapshotDate: z.iso.date().meta({ description: "The snapshot that answered." }),
    manifestKey: z.string(),
    api: z.enum(["v1", "v2"]),
    regions: z.array(z.enum(REGIONS)).meta({ description: "The regions the snapshot listed." }),
  })
  .meta({ description: "With asOf: the newest snapshot dated on or before it." });

/** Where a list's rows came from: the live API, or (asOf) a snapshot. */
export const ListSource = z.union([LiveSource, SnapshotSource]);
