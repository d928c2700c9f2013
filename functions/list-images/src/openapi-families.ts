import {
  FAMILIES_QUERY_PARAMETERS,
  FamilyRow,
  Image,
  LATEST_QUERY_PARAMETERS,
} from "@nhn-images/core";
import * as z from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
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
} from "./openapi-components.ts";

export const ProjectedImage = Image.partial().required({ id: true }).meta({
  id: "ProjectedImage",
  description: "An Image reduced to the fields asked for with `fields`; id is always there.",
});

const FamilyList = z
  .object({ families: z.array(FamilyRow), page: Page, source: ListSource })
  .meta({ id: "FamilyList" });

/** `GET /images/latest` and `GET /families`. */
export const FAMILY_PATHS: Record<"/images/latest" | "/families", ZodOpenApiPathItemObject> = {
  "/images/latest": {
    get: {
      operationId: "getLatestImage",
      summary: "The newest image matching the filters (a family's latest release)",
      tags: ["images"],
      description:
        "Every filter of GET /images (family included) and asOf; status defaults to active. Answers the one newest matching image — greatest createdAt, then the smaller id, then region: the first row of GET /images with the same filters — like Terraform's most_recent or a cloud's image family. A hidden image (os_hidden: a release NHN retired from its offer) is never the answer, as a deprecated AMI is not most_recent. With several regions configured, region is required: an image id is only good in its own region.",
      requestParams: { query: queryOf(LATEST_QUERY_PARAMETERS), header: IfNoneMatch },
      responses: {
        "200": {
          description: "The image (projected when fields is given).",
          headers: z.object({ ETag: etag }),
          content: { "application/json": { schema: ProjectedImage } },
        },
        ...common,
        "400": problem(
          "Invalid query (`issues` names each parameter), or no region given while several are configured.",
        ),
        "404": problem("No image matches, or (asOf) no snapshot is dated on or before that day."),
        "501": inventoryAnswers["501"],
      },
    },
  },
  "/families": {
    get: {
      operationId: "listFamilies",
      summary: "The families of images, per region",
      tags: ["images"],
      description:
        "Every family in every region of the live list (or, with asOf, of a snapshot): how many images it has and how many are active, its newest active image, its oldest image's date, its bytes and the visibility of its latest. Sorted by family, then region; the filters select rows. Paged with an opaque cursor; JSON, NDJSON or CSV.",
      requestParams: { query: queryOf(FAMILIES_QUERY_PARAMETERS), header: IfNoneMatch },
      responses: {
        "200": pagedAnswer(
          "One page of families.",
          FamilyList,
          "latest spread over latestId, latestName and latestCreatedAt (empty when no image is active).",
        ),
        ...common,
        "404": problem("asOf: no snapshot is dated on or before that day."),
        "406": problem("Accept allows none of the formats."),
        "501": inventoryAnswers["501"],
      },
    },
  },
};
