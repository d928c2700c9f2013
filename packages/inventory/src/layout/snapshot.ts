import { type ApiVersion, REGIONS, type Region } from "@nhn-images/core";
import { SnapshotUnreadableError } from "../inventory-errors.ts";
import type { InventoryLayout } from "./layout.ts";
import { LegacyManifest } from "./legacy-manifest.ts";
import { Manifest, type ObjectSummary } from "./manifest.ts";

/** A snapshot as its manifest describes it, in either schema version. */
export interface Snapshot {
  readonly snapshotDate: string;
  readonly manifestKey: string;
  readonly schemaVersion: 1 | 2;
  readonly runId: string;
  readonly source: { readonly api: ApiVersion; readonly regions: readonly Region[] };
  readonly previousSnapshotDate: string | null;
  /** As the manifest holds them (a first-version manifest has no `byRegion`, `byVisibility`). */
  readonly counts: Manifest["counts"] | LegacyManifest["counts"];
  readonly changes: Manifest["changes"];
  /** The NDJSON object of its images, as the manifest lists it. */
  readonly imagesObject: ObjectSummary;
  /** The NDJSON object of its changes, as the manifest lists it. */
  readonly changesObject: ObjectSummary;
}

/**
 * Reads a manifest as stored into a {@link Snapshot}: the current schema or the first
 * version's, whose objects sit under the first version's keys and whose lines carry no region.
 *
 * @throws {SnapshotUnreadableError} when it is neither, or lacks the NDJSON objects.
 */
export function snapshotOf(
  layout: InventoryLayout,
  snapshotDate: string,
  manifestKey: string,
  stored: unknown,
): Snapshot {
  const unreadable = (reason: string) =>
    new SnapshotUnreadableError(snapshotDate, manifestKey, reason);
  const current = Manifest.safeParse(stored);
  const legacy = current.success ? null : LegacyManifest.safeParse(stored);
  const manifest = current.success ? current.data : legacy?.success ? legacy.data : null;
  if (manifest === null) return fail(unreadable("is not a manifest of schema version 1 or 2"));
  if (manifest.snapshotDate !== snapshotDate) {
    return fail(unreadable(`is dated ${manifest.snapshotDate}, not ${snapshotDate}`));
  }
  const version = manifest.schemaVersion;
  const keyOf = (kind: "imagesNdjson" | "changesNdjson") =>
    version === 2 ? layout.object(kind, snapshotDate) : layout.legacyObject(kind, snapshotDate);
  const find = (key: string) => {
    const object = manifest.objects.find((listed) => listed.key === key);
    return object ?? fail(unreadable(`does not list ${key}`));
  };
  const regions = "regions" in manifest.source ? manifest.source.regions : [manifest.source.region];
  if (!regions.every((region) => (REGIONS as readonly string[]).includes(region))) {
    return fail(unreadable(`names a region that is none of ${REGIONS.join(", ")}`));
  }
  return {
    snapshotDate,
    manifestKey,
    schemaVersion: version,
    runId: manifest.runId,
    source: { api: manifest.source.api, regions: regions as Region[] },
    previousSnapshotDate: manifest.previousSnapshotDate,
    counts: manifest.counts,
    changes: manifest.changes,
    imagesObject: find(keyOf("imagesNdjson")),
    changesObject: find(keyOf("changesNdjson")),
  };
}

function fail(error: Error): never {
  throw error;
}
