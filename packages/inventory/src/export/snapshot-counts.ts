import type { Image } from "@nhn-images/core";
import type { Manifest } from "../layout/manifest.ts";

/**
 * A map with no prototype: keys come from upstream (a status may be `constructor` or
 * `__proto__`), and on a plain object they would read inherited members or set the prototype.
 */
const tally = (): Record<string, number> => Object.create(null);

/** The manifest's counts of an empty snapshot. */
export function newCounts(): Manifest["counts"] {
  return {
    images: 0,
    byStatus: tally(),
    byDiskFormat: tally(),
    byRegion: tally(),
    byVisibility: tally(),
    public: 0,
    private: 0,
    totalBytes: 0,
  };
}

/** Counts one image into the manifest's counts. */
export function count(counts: Manifest["counts"], image: Image): void {
  counts.images++;
  counts.byStatus[image.status] = (counts.byStatus[image.status] ?? 0) + 1;
  const format = image.diskFormat ?? "none";
  counts.byDiskFormat[format] = (counts.byDiskFormat[format] ?? 0) + 1;
  counts.byRegion[image.region] = (counts.byRegion[image.region] ?? 0) + 1;
  counts.byVisibility[image.visibility] = (counts.byVisibility[image.visibility] ?? 0) + 1;
  if (image.isPublic) counts.public++;
  else counts.private++;
  if (image.size !== null) counts.totalBytes += image.size;
}
