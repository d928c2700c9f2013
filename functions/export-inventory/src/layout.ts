/**
 * The object layout of DESIGN.md, under `INVENTORY_PREFIX`. Partition directories are
 * `dt=YYYY-MM-DD`, so Athena's partition projection finds them with no crawler.
 */
export function inventoryLayout(prefix: string) {
  const partition = (kind: string, date: string) => `${prefix}${kind}/dt=${date}/`;
  return {
    imagesNdjson: (date: string) => `${partition("images", date)}images.ndjson.gz`,
    imagesCsv: (date: string) => `${partition("images", date)}images.csv.gz`,
    changes: (date: string) => `${partition("changes", date)}changes.ndjson.gz`,
    manifest: (date: string) => `${partition("manifests", date)}manifest.json`,
    manifestsPrefix: `${prefix}manifests/dt=`,
    latest: `${prefix}latest.json`,
    /** The lock a run of `date` holds (conditional writes), so two runs of one date never interleave. */
    lock: (date: string) => `${prefix}locks/dt=${date}.json`,
    /**
     * Where a re-run writes its objects before they replace the date's (outside every table's
     * prefix): the old snapshot stays whole until the new one is complete.
     */
    staging: (date: string, runId: string) => `${prefix}staging/dt=${date}/${runId}/`,
    stagingOf: (date: string) => `${prefix}staging/dt=${date}/`,
    /** The snapshot date of a manifest key, or null for any other key. */
    dateOfManifestKey(key: string): string | null {
      const match = /manifests\/dt=(\d{4}-\d{2}-\d{2})\/manifest\.json$/.exec(key);
      return match === null || !key.startsWith(prefix) ? null : (match[1] as string);
    },
  };
}

export type InventoryLayout = ReturnType<typeof inventoryLayout>;
