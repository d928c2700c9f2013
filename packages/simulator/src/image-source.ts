import type { Image } from "@nhn-images/core";
import { generateImage, indexOfGeneratedId } from "./fixtures.ts";

/**
 * The images the simulator serves, by position, newest first (Glance's default order; the v1
 * list uses the same). Positions make `marker` paging O(1) without holding every image.
 */
export interface ImageSource {
  readonly count: number;
  at(index: number): Image;
  /** The position of `id`, or null when absent. */
  indexOf(id: string): number | null;
}

/** `count` generated images for `seed`, produced on demand. */
export function generatedImages(count: number, seed: number): ImageSource {
  return {
    count,
    at: (index) => generateImage(seed, index),
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
    indexOf: (id) => positions.get(id) ?? null,
  };
}
