/**
 * The five data objects of a snapshot (DESIGN.md, "Nightly inventory export"): one prefix per
 * format, so that a table or a tool over one prefix reads one format.
 */
export const SNAPSHOT_OBJECTS = {
  imagesParquet: { directory: "parquet/images", file: "images.parquet" },
  changesParquet: { directory: "parquet/changes", file: "changes.parquet" },
  imagesNdjson: { directory: "ndjson/images", file: "images.ndjson.gz" },
  changesNdjson: { directory: "ndjson/changes", file: "changes.ndjson.gz" },
  imagesCsv: { directory: "csv/images", file: "images.csv.gz" },
} as const;
export type SnapshotObject = keyof typeof SNAPSHOT_OBJECTS;
export const SNAPSHOT_OBJECT_NAMES = Object.keys(SNAPSHOT_OBJECTS) as SnapshotObject[];

/**
 * The first version's layout (manifest `schemaVersion` 1): NDJSON and CSV images shared
 * `images/dt=…/`, and changes were NDJSON only. Still read, so upgrading loses no history.
 */
const LEGACY_OBJECTS = {
  imagesNdjson: { directory: "images", file: "images.ndjson.gz" },
  imagesCsv: { directory: "images", file: "images.csv.gz" },
  changesNdjson: { directory: "changes", file: "changes.ndjson.gz" },
} as const;
export type LegacySnapshotObject = keyof typeof LEGACY_OBJECTS;

/**
 * The object layout of DESIGN.md, under `INVENTORY_PREFIX`. Partition directories are
 * `dt=YYYY-MM-DD`, so Athena's partition projection finds them with no crawler.
 */
export function inventoryLayout(prefix: string) {
  return {
    prefix,
    /** The key of one of a snapshot's data objects. */
    object: (object: SnapshotObject, date: string) => {
      const { directory, file } = SNAPSHOT_OBJECTS[object];
      return `${prefix}${directory}/dt=${date}/${file}`;
    },
    /** The key the first version wrote one of its objects under. */
    legacyObject: (object: LegacySnapshotObject, date: string) => {
      const { directory, file } = LEGACY_OBJECTS[object];
      return `${prefix}${directory}/dt=${date}/${file}`;
    },
    manifest: (date: string) => `${prefix}manifests/dt=${date}/manifest.json`,
    manifestsPrefix: `${prefix}manifests/dt=`,
    latest: `${prefix}latest.json`,
    /** The lock a run of `date` holds (conditional writes), so two runs of one date never interleave. */
    lock: (date: string) => `${prefix}locks/dt=${date}.json`,
    /**
     * A run's claim on `date` where the store refuses conditional writes (Swift before 2.36):
     * each run writes its own, then looks at the others ({@link acquireRunLock}).
     */
    lockClaim: (date: string, runId: string) => `${prefix}locks/dt=${date}/${runId}.json`,
    lockClaimsOf: (date: string) => `${prefix}locks/dt=${date}/`,
    /**
     * Where a re-run writes its objects before they replace the date's (outside every table's
     * prefix): the old snapshot stays whole until the new one is complete.
     */
    staged: (object: SnapshotObject, date: string, runId: string) => {
      const { directory, file } = SNAPSHOT_OBJECTS[object];
      return `${prefix}staging/dt=${date}/${runId}/${directory}/${file}`;
    },
    stagingOf: (date: string) => `${prefix}staging/dt=${date}/`,
    /** The snapshot date of a manifest key, or null for any other key. */
    dateOfManifestKey(key: string): string | null {
      const match = /manifests\/dt=(\d{4}-\d{2}-\d{2})\/manifest\.json$/.exec(key);
      return match === null || !key.startsWith(prefix) ? null : (match[1] as string);
    },
  };
}

export type InventoryLayout = ReturnType<typeof inventoryLayout>;
