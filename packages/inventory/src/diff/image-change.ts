import type { Image, ImageField } from "@nhn-images/core";

/** What happened to an image between two snapshots. */
export const CHANGE_KINDS = ["added", "removed", "changed"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * One row of a snapshot's changes (`ndjson/changes/…`, `parquet/changes/…`): an image added,
 * removed or changed since the previous snapshot, in the images' (id, region) order.
 */
export interface ImageChange {
  readonly change: ChangeKind;
  readonly id: string;
  readonly region: Image["region"];
  /** The name after the change; for `removed`, the last name. */
  readonly name: string;
  /** For `changed`: each whole Image field that differs, with its old and new value. */
  readonly fields: Partial<Record<ImageField, { from: unknown; to: unknown }>>;
}
