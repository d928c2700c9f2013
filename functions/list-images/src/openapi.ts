import { IMAGE_QUERY_PARAMETERS, Image, REGIONS } from "@nhn-images/core";
import * as z from "zod";
import { createDocument } from "zod-openapi";
import {
  common,
  etag,
  IfNoneMatch,
  inventoryAnswers,
  ListSource,
  Page,
  pagedAnswer,
  problem,
  queryOf,
  TAGS,
} from "./openapi-components.ts";
import { FAMILY_PATHS, ProjectedImage } from "./openapi-families.ts";
import { HISTORY_PATHS } from "./openapi-history.ts";

const ImageList = z
  .object({
    images: z.array(ProjectedImage),
    page: Page,
    source: ListSource,
  })
  .meta({ id: "ImageList" });

/** The OpenAPI 3.1 document of the API, from the same zod schemas the handler parses with. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "nhn-images",
      version: "1.0.0",
      license: { name: "MIT", identifier: "MIT" },
      description:
        "A filtered list of NHN Cloud images over the v1 appkey API or the Glance v2 API, across the configured regions and projects, live or (asOf) as any past day's inventory snapshot held them; and the inventory's history: its snapshots, what changed between them, and each image's history. An image is identified by (region, id). Different parameters are ANDed; values inside one parameter are ORed.",
    },
    // Relative to where this document is served: the API's own stage URL.
    servers: [{ url: "/", description: "This API, where /openapi.json was fetched from" }],
    tags: TAGS,
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
          tags: ["images"],
          description:
            "Every filter is optional and they AND together; a list inside one parameter ORs. Newest first unless sort says otherwise, paged with an opaque cursor that carries the query. Live from NHN Cloud (a warm container's cached list), or with asOf from the newest inventory snapshot dated on or before that day. JSON, NDJSON or CSV, by format or the Accept header.",
          requestParams: { query: queryOf(IMAGE_QUERY_PARAMETERS), header: IfNoneMatch },
          responses: {
            "200": pagedAnswer(
              "One page of images.",
              ImageList,
              "properties as a JSON column, tags joined with ;.",
            ),
            ...common,
            "404": problem("asOf: no snapshot is dated on or before that day."),
            "406": problem("Accept allows none of the formats."),
            "501": inventoryAnswers["501"],
          },
        },
      },
      // Before /images/{id}: `latest` is a route of its own, never an id.
      "/images/latest": FAMILY_PATHS["/images/latest"],
      "/images/{id}": {
        get: {
          operationId: "getImage",
          summary: "One image by id",
          tags: ["images"],
          description:
            "The image with that id in the configured regions (region picks one when the id is in several), live or as a past day's snapshot held it (asOf).",
          requestParams: {
            path: z.object({ id: z.string().min(1) }),
            query: z.object({
              region: z.enum(REGIONS).optional().meta({
                description: "Picks the region when the id is in several of the configured ones.",
              }),
              asOf: IMAGE_QUERY_PARAMETERS.asOf.optional().meta({
                description:
                  "YYYY-MM-DD: the image as the newest snapshot on or before that day held it.",
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
            "404": problem(
              "No image with that id (in that region, in that snapshot), or no snapshot that old.",
            ),
            "501": inventoryAnswers["501"],
            "409": problem("The id is in several regions: pick one with region."),
            ...common,
          },
        },
      },
      "/families": FAMILY_PATHS["/families"],
      ...HISTORY_PATHS,
      "/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          tags: ["meta"],
          description:
            "The OpenAPI 3.1 description of this API, built from the schemas it validates with.",
          responses: {
            "405": problem("A method other than GET or HEAD, where the gateway passes one on."),
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
