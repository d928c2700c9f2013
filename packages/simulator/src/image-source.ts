import { compareCodePoints, type Region } from "@nhn-images/core";
import { DayEvolution } from "./evolution.ts";
import { keyOfGeneratedId } from "./generate.ts";
import type { SimulatorImage } from "./simulated-image.ts";

/**
 * The images one region holds, in Glance's default order (newest first). Positions make
 * `marker` paging O(1) without holding every image; images are produced as they are read.
 */
export interface RegionImages {
  /** Positions in the default order; a removed image keeps its position and reads as null. */
  readonly positions: number;
  at(position: number): SimulatorImage | null;
  /** The position of `id`, or null when the region has no such image. */
  positionOf(id: string): number | null;
}

/** `count` generated images of `region` for `seed`, as they are on simulated day `day`. */
export function generatedImages(
  seed: number,
  region: Region,
  count: number,
  day: number,
): RegionImages {
  const evolution = new DayEvolution(seed, region, count, day);
  return {
    positions: evolution.positions,
    at: (position) => evolution.imageAt(evolution.keyAt(position)),
    positionOf(id) {
      const parsed = keyOfGeneratedId(id);
      if (parsed === null) return null;
      const key = "age" in parsed ? parsed.age : -1 - parsed.added;
      const position = evolution.positionOf(key);
      if (position === null || evolution.isRemoved(key)) return null;
      return evolution.imageAt(key)?.id === id ? position : null;
    },
  };
}

/** Exactly these images (tests use this to add, remove and change images between calls). */
export function fixedImages(images: readonly SimulatorImage[]): RegionImages {
  const ordered = [...images].sort((a, b) =>
    a.createdAt === b.createdAt
      ? compareCodePoints(b.id, a.id)
      : a.createdAt < b.createdAt
        ? 1
        : -1,
  );
  const positions = new Map(ordered.map((image, index) => [image.id, index]));
  return {
    positions: ordered.length,
    at: (position) => ordered[position] ?? null,
    positionOf: (id) => positions.get(id) ?? null,
  };
}

const idOrders = new WeakMap<RegionImages, { positions: Uint32Array; ids: string[] }>();

/**
 * The positions of a region's images in id order (code point order, as Glance's `sort_key=id`
 * on UUIDs), built once per source on first use: a million generated ids take about 100 MB,
 * which only a listing sorted by id pays.
 */
export function idOrder(source: RegionImages): { positions: Uint32Array; ids: string[] } {
  let order = idOrders.get(source);
  if (order === undefined) {
    const present: number[] = [];
    const idAt: string[] = [];
    for (let p = 0; p < source.positions; p++) {
      const image = source.at(p);
      if (image === null) continue;
      present.push(p);
      idAt[p] = image.id;
    }
    present.sort((a, b) => compareCodePoints(idAt[a] as string, idAt[b] as string));
    order = { positions: Uint32Array.from(present), ids: present.map((p) => idAt[p] as string) };
    idOrders.set(source, order);
  }
  return order;
}
