import type { Image } from "@nhn-images/core";
import { compareCodePoints } from "@nhn-images/core";
import { generatedId, generateImage, indexOfGeneratedId } from "./fixtures.ts";

/**
 * The images the simulator serves, by position, newest first (Glance's default order; the v1
 * list uses the same). Positions make `marker` paging O(1) without holding every image.
 */
export interface ImageSource {
  readonly count: number;
  at(index: number): Image;
  /** The id at a position (cheaper than `at(index).id` for generated images). */
  idAt(index: number): string;
  /** The position of `id`, or null when absent. */
  indexOf(id: string): number | null;
}

/** `count` generated images for `seed`, produced on demand. */
export function generatedImages(count: number, seed: number): ImageSource {
  return {
    count,
    at: (index) => generateImage(seed, index),
    idAt: (index) => generatedId(seed, index),
    indexOf(id) {
      const index = indexOfGeneratedId(id);
      if (index === null || index >= count) return null;
      return generateImage(seed, index).id === id ? index : null;
    },
  };
}

/** Exactly these images (tests use this to add, remove and change images between calls). */
export function fixedImages(images: readonly Image[]): ImageSource {
  const ordered = [...images].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
  );
  const positions = new Map(ordered.map((image, index) => [image.id, index]));
  return {
    count: ordered.length,
    at: (index) => ordered[index] as Image,
    idAt: (index) => (ordered[index] as Image).id,
    indexOf: (id) => positions.get(id) ?? null,
  };
}

const idOrders = new WeakMap<ImageSource, { positions: Uint32Array; ids: string[] }>();

/**
 * The positions of a source's images in id order (code point order, as Glance's `sort_key=id`
 * on UUIDs), built once per source on first use: a million generated ids take about 100 MB,
 * which only a listing sorted by id pays.
 */
export function idOrder(source: ImageSource): { positions: Uint32Array; ids: string[] } {
  let order = idOrders.get(source);
  if (order === undefined) {
    const ids = Array.from({ length: source.count }, (_, i) => source.idAt(i));
    const positions = Uint32Array.from({ length: source.count }, (_, i) => i).sort((a, b) =>
      compareCodePoints(ids[a] as string, ids[b] as string),
    );
    order = { positions, ids: Array.from(positions, (p) => ids[p] as string) };
    idOrders.set(source, order);
  }
  return order;
}
