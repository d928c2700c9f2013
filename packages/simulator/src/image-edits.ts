import type { Region } from "@nhn-images/core";
import type { RegionImages } from "./image-source.ts";
import type { SimulatorImage } from "./simulated-image.ts";

/**
 * What the API's writes changed, per region and image id: the image's tags as they now are, or
 * its deletion. Kept across `setDay`, as upstream keeps a deletion: an image deleted yesterday is
 * not back today, and a tag a person or the lifecycle added stays on. `setImages` gives the
 * images exactly as they are to be: it starts over ({@link clear}).
 */
export class ImageEdits {
  clear(): void {
    this.#tags.clear();
    this.#deleted.clear();
  }

  readonly #tags = new Map<string, readonly string[]>();
  readonly #deleted = new Set<string>();

  setTags(region: Region, id: string, tags: readonly string[]): void {
    this.#tags.set(keyOf(region, id), tags);
  }

  delete(region: Region, id: string): void {
    this.#deleted.add(keyOf(region, id));
  }

  /** Every region's images as the writes left them (see {@link over}). */
  overAll(sources: ReadonlyMap<Region, RegionImages>): Map<Region, RegionImages> {
    return new Map([...sources].map(([region, source]) => [region, this.over(region, source)]));
  }

  /** `source` as the writes left it: deleted images read as gone, edited tags as they are. */
  over(region: Region, source: RegionImages): RegionImages {
    const edited = (image: SimulatorImage | null): SimulatorImage | null => {
      if (image === null) return null;
      const key = keyOf(region, image.id);
      if (this.#deleted.has(key)) return null;
      const tags = this.#tags.get(key);
      return tags === undefined ? image : { ...image, tags: [...tags] };
    };
    return {
      positions: source.positions,
      at: (position) => edited(source.at(position)),
      positionOf: (id) => (this.#deleted.has(keyOf(region, id)) ? null : source.positionOf(id)),
    };
  }
}

function keyOf(region: Region, id: string): string {
  return `${region}\u0000${id}`;
}
