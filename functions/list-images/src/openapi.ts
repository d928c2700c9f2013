import { IMAGE_QUERY_PARAMETERS, Image, MAX_LIMIT, REGIONS } from "@nhn-images/core";
import * as z from "zod";
import { createDocument } from "zod-openapi";

const ProjectedImage = Image.partial().required({ id: true }).meta({
  id: "ProjectedImage",
  description: "An Image reduced to the fields asked for with `fields`; id is always there.",
});

const Page = z.object({
  limit: z.int().min(1).max(MAX_LIMIT),
  matched: z
    .int()
    .nonnegative()
    .meta({ description: "Images matching the filters, over every page." }),
  next: z.string().nullable().meta({ description: "Cursor of the next page; null on the last." }),
});

const ImageList = z
  .object({
    images: z.array(ProjectedImage),
    page: Page,
    source: z.object({
      api: z.enum(["v1", "v2"]),
      regions: z.array(z.enum(REGIONS)).meta({ description: "The regions listed." }),
      fetchedAt: z.iso.datetime().meta({ description: "When the upstream list was fetched." }),
      cached: z.boolean().meta({ description: "Served from the warm container's cache." }),
    }),
  })
  .meta({ id: "ImageList" });

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
      .meta({ description: "On 502: the upstream v1 resultCode." }),
    resultMessage: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "On 502: the upstream v1 resultMessage." }),
    requestId: z.string().optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

const etag = z.string().meta({ description: "Strong ETag of the content." });
const pagingHeaders = z.object({
  ETag: etag,
  "X-Total-Count": z
    .string()
    .optional()
    .meta({ description: "ndjson and csv: matched images over every page." }),
  "X-Next-Cursor": z
    .string()
    .optional()
    .meta({ description: "ndjson and csv: cursor of the next page, absent on the last." }),
});

const IfNoneMatch = z.object({
  "If-None-Match": z
    .string()
    .optional()
    .meta({ description: "An ETag from an earlier answer: 304 while unchanged." }),
  Accept: z.string().optional().meta({
    description: "application/json, application/x-ndjson or text/csv, when `format` is absent.",
  }),
});

/** The query parameters, each optional, with its description lifted to the parameter. */
const ListQuery = z.object(
  Object.fromEntries(
    Object.entries(IMAGE_QUERY_PARAMETERS).map(([name, schema]) => [
      name,
      schema.optional().meta({ description: String(schema.meta()?.description ?? name) }),
    ]),
  ),
);

const common = {
  "304": { description: "Not modified since the ETag given in If-None-Match." },
  "400": problem("Invalid query: `issues` names each parameter."),
  "502": problem("NHN Cloud failed; resultCode and resultMessage as it answered."),
  "504": problem("NHN Cloud did not answer in time."),
  "500": problem("Unexpected error."),
};

/** The OpenAPI 3.1 document of the API, from the same zod schemas the handler parses with. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "nhn-images",
      version: "1.0.0",
      description:
        "A filtered list of NHN Cloud images over the v1 appkey API or the Glance v2 API, across the configured regions and projects. An image is identified by (region, id). Different parameters are ANDed; values inside one parameter are ORed.",
    },
    security: [{ sigv4: [] }],
    components: {
      securitySchemes: {
        sigv4: {
          type: "apiKey",
          name: "Authorization",
          in: "header",
          description: "AWS SigV4 (IAM authorizer).",
        },
      },
    },
    paths: {
      "/images": {
        get: {
          operationId: "listImages",
          summary: "List images matching the filters",
          requestParams: { query: ListQuery, header: IfNoneMatch },
          responses: {
            "200": {
              description: "One page of images.",
              headers: pagingHeaders,
              content: {
                "application/json": { schema: ImageList },
                "application/x-ndjson": {
                  schema: z.string().meta({ description: "One Image per line, no envelope." }),
                },
                "text/csv": {
                  schema: z
                    .string()
                    .meta({ description: "RFC 4180; header row; properties as a JSON column." }),
                },
              },
            },
            ...common,
            "406": problem("Accept allows none of the formats."),
          },
        },
      },
      "/images/{id}": {
        get: {
          operationId: "getImage",
          summary: "One image by id",
          requestParams: {
            path: z.object({ id: z.string().min(1) }),
            query: z.object({
              region: z.enum(REGIONS).optional().meta({
                description: "Picks the region when the id is in several of the configured ones.",
              }),
            }),
            header: IfNoneMatch,
          },
          responses: {
            "200": {
              description: "The image.",
              headers: z.object({ ETag: etag }),
              content: { "application/json": { schema: Image } },
            },
            "404": problem("No image with that id (in that region)."),
            "409": problem("The id is in several regions: pick one with region."),
            ...common,
          },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          responses: {
            "200": {
              description: "OpenAPI 3.1",
              content: { "application/json": { schema: z.looseObject({}) } },
            },
          },
        },
      },
    },
  });
}
