import {
  type InventoryLayout,
  SNAPSHOT_OBJECT_NAMES,
  type SnapshotObject,
} from "../layout/layout.ts";

/** The five data objects' keys: the date's own, or a re-run's staging keys. */
export type ObjectKeys = Readonly<Record<SnapshotObject, string>>;

export function objectKeys(
  layout: InventoryLayout,
  date: string,
  stagingRun: string | null,
): ObjectKeys {
  const keys = {} as Record<SnapshotObject, string>;
  for (const object of SNAPSHOT_OBJECT_NAMES) {
    keys[object] =
      stagingRun === null ? layout.object(object, date) : layout.staged(object, date, stagingRun);
  }
  return keys;
}

/** The key an object written under `written` is published under. */
export function finalKeyOf(key: string, written: ObjectKeys, final: ObjectKeys): string {
  const object = SNAPSHOT_OBJECT_NAMES.find((name) => written[name] === key);
  return object === undefined ? key : final[object];
}
