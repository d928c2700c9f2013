import * as z from "zod";
import { Manifest, ObjectSummary } from "./manifest.ts";

/**
 * A manifest of the first version (`schemaVersion` 1): one region in `source`, no counts by
 * region or visibility, and its objects under `images/dt=…/` and `changes/dt=…/`. Read so that
 * the history an upgrade inherits stays answerable.
 */
export const LegacyManifest = z.object({
  schemaVersion: z.literal(1),
  snapshotDate: z.iso.date(),
  runId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  source: z.object({ api: z.enum(["v1", "v2"]), region: z.string() }),
  previousSnapshotDate: z.iso.date().nullable(),
  counts: Manifest.shape.counts.omit({ byRegion: true, byVisibility: true }),
  changes: Manifest.shape.changes,
  objects: z.array(ObjectSummary),
});
export type LegacyManifest = z.infer<typeof LegacyManifest>;
