import { compareIdThenRegion, type Image } from "@nhn-images/core";
import { type Change, changedFields, type PreviousImage } from "./image-diff.ts";

/** The images of the snapshot before, one at a time in (id, region) order, then null. */
export interface PreviousImageStream {
  next(): Promise<PreviousImage | null>;
  /** Stops reading (a stream is closed) when the merge ends early. */
  close(): Promise<void>;
}

/** Images already in memory, in (id, region) order, as a {@link PreviousImageStream}. */
export function previousImagesOf(images: readonly PreviousImage[]): PreviousImageStream {
  let index = 0;
  return {
    next: async () => images[index++] ?? null,
    close: async () => {},
  };
}

/** A change, and the image it is about: as listed now, or as it was when it is removed. */
export interface DiffedChange {
  readonly change: Change;
  readonly image: Image | PreviousImage;
}

/**
 * The diff of a snapshot against the one before it, as a merge of two streams in (id, region)
 * order: each image of the new snapshot is handed to {@link StreamDiff.changesAt} in order, and
 * the changes up to it come back (the removals before it, then its own); {@link StreamDiff.rest}
 * gives the removals after the last one. The export and the re-diff of a later snapshot share it.
 */
export class StreamDiff {
  #before: PreviousImage | null = null;
  #started = false;

  constructor(private readonly previous: PreviousImageStream) {}

  /** The changes up to and including `image` (the next image of the new snapshot). */
  async changesAt(image: Image): Promise<DiffedChange[]> {
    const changes: DiffedChange[] = [];
    let before = await this.#current();
    while (before !== null && compareIdThenRegion(before, image) < 0) {
      changes.push({ change: removal(before), image: before });
      before = await this.#advance();
    }
    const key = { id: image.id, region: image.region, name: image.name };
    if (before !== null && compareIdThenRegion(before, image) === 0) {
      const fields = changedFields(before, image);
      if (Object.keys(fields).length > 0) {
        changes.push({ change: { change: "changed", ...key, fields }, image });
      }
      await this.#advance();
    } else {
      changes.push({ change: { change: "added", ...key, fields: {} }, image });
    }
    return changes;
  }

  /** The removals after the new snapshot's last image. */
  async rest(): Promise<DiffedChange[]> {
    const changes: DiffedChange[] = [];
    let before = await this.#current();
    while (before !== null) {
      changes.push({ change: removal(before), image: before });
      before = await this.#advance();
    }
    return changes;
  }

  /** Stops reading the previous snapshot (its stream closed). */
  close(): Promise<void> {
    return this.previous.close();
  }

  async #current(): Promise<PreviousImage | null> {
    if (!this.#started) {
      this.#started = true;
      this.#before = await this.previous.next();
    }
    return this.#before;
  }

  async #advance(): Promise<PreviousImage | null> {
    this.#before = await this.previous.next();
    return this.#before;
  }
}

function removal(before: PreviousImage): Change {
  return { change: "removed", id: before.id, region: before.region, name: before.name, fields: {} };
}
