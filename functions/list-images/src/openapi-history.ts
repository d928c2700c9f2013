import { REGIONS } from "@nhn-images/core";
import {
  CHANGE_KINDS,
  CHANGES_QUERY_PARAMETERS,
  IMAGE_HISTORY_QUERY_PARAMETERS,
  SNAPSHOTS_QUERY_PARAMETERS,
} from "@nhn-images/inventory";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  IfNoneMatch,
  inventoryAnswers,
  Page,
  pagedAnswer,
  problem,
  queryOf,
} from "./openapi-components.ts";

const Count = z.int().nonnegative();
const FieldChanges = z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).meta({
  description:
    "For changed: each whole Image field that differs, with its old and new value (properties and tags as a whole). Empty otherwise.",
});

const SnapshotRow = z
  .object({
    snapshotDate: z.iso.date(),
    manifestKey: z.string(),
    counts: z.looseObject({
      images: Count,
      byStatus: z.record(z.string(), Count),
      byDiskFormat: z.record(z.string(), Count),
      byRegion: z.record(z.string(), Count).optional(),
      byVisibility: z.record(z.string(), Count).optional(),
      public: Count,
      private: Count,
      totalBytes: z.number().nonnegative(),
    }),
    changes: z.object({ added: Count, removed: Count, changed: Count }),
  })
  .meta({ id: "Snapshot" });

const Skipped = z
  .array(
    z.object({
      snapshotDate: z.iso.date(),
      manifestKey: z.string(),
      reason: z.string(),
    }),
  )
  .meta({
    id: "SkippedSnapshots",
    description: "Manifests walked over (unreadable, future-dated or gone), with why.",
  });

const ChangeRow = z
  .object({
    snapshotDate: z.iso.date(),
    change: z.enum(CHANGE_KINDS),
    id: z.string(),
    region: z.enum(REGIONS),
    name: z.string().meta({ description: "The name after the change (removed: its last name)." }),
    fields: FieldChanges,
  })
  .meta({ id: "Change" });

const ImageHistory = z
  .object({
    id: z.string(),
    region: z.enum(REGIONS),
    firstSeen: z.iso.date(),
    lastSeen: z.iso.date(),
    present: z.boolean().meta({ description: "Whether the newest snapshot holds it." }),
    changes: z.array(
      z.object({ snapshotDate: z.iso.date(), change: z.enum(CHANGE_KINDS), fields: FieldChanges }),
    ),
    page: Page,
    skipped: Skipped,
  })
  .meta({ id: "ImageHistory" });

/** `/snapshots`, `/changes` and `/images/{id}/history`. */
export const HISTORY_PATHS: ZodOpenApiPathsObject = {
  "/snapshots": {
    get: {
      operationId: "listSnapshots",
      summary: "The inventory's snapshots, newest first",
      tags: ["inventory"],
      description:
        "Every snapshot the inventory holds, newest first, with its counts and its changes against the snapshot before it.",
      requestParams: { query: queryOf(SNAPSHOTS_QUERY_PARAMETERS), header: IfNoneMatch },
      responses: {
        "200": pagedAnswer(
          "One page of snapshots.",
          z
            .object({ snapshots: z.array(SnapshotRow), page: Page, skipped: Skipped })
            .meta({ id: "SnapshotList" }),
          "counts flat, the maps of counts as JSON.",
        ),
        ...inventoryAnswers,
      },
    },
  },
  "/changes": {
    get: {
      operationId: "listChanges",
      summary: "What changed between snapshots",
      tags: ["inventory"],
      description:
        "Rows of the snapshots dated from since to until, newest snapshot first, then id and region; read from those snapshots' change objects only.",
      requestParams: { query: queryOf(CHANGES_QUERY_PARAMETERS), header: IfNoneMatch },
      responses: {
        "200": pagedAnswer(
          "One page of changes.",
          z.object({ changes: z.array(ChangeRow), page: Page }).meta({ id: "ChangeList" }),
          "fields as a JSON column.",
        ),
        ...inventoryAnswers,
        "404": problem("since and until left to default, and the inventory holds no snapshot."),
      },
    },
  },
  "/images/{id}/history": {
    get: {
      operationId: "getImageHistory",
      summary: "When an image was seen and how it changed",
      tags: ["inventory", "images"],
      description:
        "The first and last snapshot that held the image, whether the newest holds it, and every change to it, newest first.",
      requestParams: {
        path: z.object({ id: z.string().min(1) }),
        query: queryOf(IMAGE_HISTORY_QUERY_PARAMETERS),
        header: IfNoneMatch,
      },
      responses: {
        "200": pagedAnswer(
          "The image's history; its changes newest first, paged (NDJSON and CSV: the changes).",
          ImageHistory,
          "fields as a JSON column.",
        ),
        ...inventoryAnswers,
        "404": problem("No snapshot ever held the id (in that region)."),
        "409": problem("The id was seen in several regions: pick one with region."),
      },
    },
  },
};
