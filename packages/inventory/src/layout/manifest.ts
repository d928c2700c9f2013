import * as z from "zod";
import type { InventoryLayout } from "./layout.ts";

/** 2: one prefix per format and five objects (DESIGN.md, round 2); 1: the first version's. */
export const MANIFEST_SCHEMA_VERSION = 2;

const Count = z.int().nonnegative();

export const ObjectSummary = z.object({
  key: z.string(),
  /** Data rows: Parquet rows, NDJSON lines, or CSV rows (the header row not counted). */
  records: Count,
  /** Bytes of the stored object (as stored: gzip for NDJSON and CSV). */
  bytes: Count,
  /** sha256 of the stored bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ObjectSummary = z.infer<typeof ObjectSummary>;

/** `manifests/dt=YYYY-MM-DD/manifest.json`: written last; the snapshot exists only with it. */
export const Manifest = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  snapshotDate: z.iso.date(),
  runId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  /** The API, the regions and the projects (tenant ids; empty over v1) listed. */
  source: z.object({
    api: z.enum(["v1", "v2"]),
    regions: z.array(z.string()),
    projects: z.array(z.string()),
  }),
  previousSnapshotDate: z.iso.date().nullable(),
  counts: z.object({
    images: Count,
    /** Images per status. */
    byStatus: z.record(z.string(), Count),
    /** Images per disk format; images without one count under "none". */
    byDiskFormat: z.record(z.string(), Count),
    /** Images per region. */
    byRegion: z.record(z.string(), Count),
    /** Images per visibility. */
    byVisibility: z.record(z.string(), Count),
    public: Count,
    private: Count,
    /**
     * Sum of the sizes of images that have one: exact up to 2^53 bytes (8 PiB), past that as
     * near as a JSON number holds it (a million 10 GB images are 10 PB): not an integer check.
     */
    totalBytes: z.number().nonnegative(),
  }),
  changes: z.object({ added: Count, removed: Count, changed: Count }),
  objects: z.array(ObjectSummary),
});
export type Manifest = z.infer<typeof Manifest>;

/** `latest.json`: the newest snapshot; never moves back when an earlier date is backfilled. */
export const Latest = z.object({ snapshotDate: z.iso.date(), manifestKey: z.string() });
export type Latest = z.infer<typeof Latest>;

/**
 * The region a snapshot's images were listed from when its lines do not say: the first
 * version's manifests name one `source.region`.
 */
export function legacyRegionOf(manifest: unknown): string | null {
  const source = (manifest as { source?: { region?: unknown; regions?: unknown } } | null)?.source;
  if (typeof source?.region === "string") return source.region;
  if (Array.isArray(source?.regions) && source.regions.length === 1)
    return String(source.regions[0]);
  return null;
}

/**
 * The key of a snapshot's images as NDJSON, from its manifest as stored (any schema version):
 * `ndjson/images/…` since schema version 2, `images/…` in the first version's layout.
 */
export function imagesNdjsonKeyOf(
  layout: InventoryLayout,
  date: string,
  manifest: unknown,
): string {
  const current = layout.object("imagesNdjson", date);
  const legacy = layout.legacyObject("imagesNdjson", date);
  const listed = (manifest as { objects?: unknown } | null)?.objects;
  const keys = Array.isArray(listed)
    ? listed.map((object) => (object as { key?: unknown } | null)?.key)
    : [];
  if (keys.includes(current)) return current;
  if (keys.includes(legacy)) return legacy;
  const version = (manifest as { schemaVersion?: unknown } | null)?.schemaVersion;
  return version === 1 ? legacy : current;
}
