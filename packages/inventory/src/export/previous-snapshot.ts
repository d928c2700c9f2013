import { compareIdThenRegion, NhnImagesError } from "@nhn-images/core";
import type { PreviousImage } from "../diff/image-diff.ts";
import type { PreviousImageStream } from "../diff/stream-diff.ts";
import { imagesNdjsonKeyOf, legacyRegionOf } from "../layout/manifest.ts";
import type { SnapshotStore } from "./snapshot-store.ts";

/** The previous snapshot's images are not in (id, region) order: the diff cannot be trusted. */
export class SnapshotOrderError extends NhnImagesError {
  override readonly name = "SnapshotOrderError";
}

/**
 * The previous snapshot's images one at a time, checked to be in (id, region) order, read from
 * its NDJSON object in either layout (its manifest, as stored, says which). Lines of a
 * first-version snapshot carry no region: they take the one its manifest names.
 */
export function previousImages(
  store: SnapshotStore,
  date: string | null,
  manifest: unknown,
): PreviousImageStream {
  const legacyRegion = legacyRegionOf(manifest);
  const iterator =
    date === null
      ? null
      : store.images(imagesNdjsonKeyOf(store.layout, date, manifest))[Symbol.asyncIterator]();
  let last: PreviousImage | null = null;
  return {
    async next(): Promise<PreviousImage | null> {
      if (iterator === null) return null;
      const { value, done } = await iterator.next();
      if (done === true) return null;
      const image = (
        value.region === undefined ? { ...value, region: legacyRegion ?? "KR1" } : value
      ) as PreviousImage;
      if (last !== null && compareIdThenRegion(last, image) >= 0) {
        throw new SnapshotOrderError(
          `The snapshot of ${date} is not sorted by id and region at ${image.id}: cannot diff against it`,
        );
      }
      last = image;
      return image;
    },
    /** Stops reading (and closes the S3 stream) if the merge ended early. */
    async close(): Promise<void> {
      await iterator?.return?.(undefined);
    },
  };
}
