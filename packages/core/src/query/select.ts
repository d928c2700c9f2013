import type { Image } from "../schemas/image.ts";
import { imageComparator } from "./order.ts";
import type { ImageQuery } from "./parse.ts";
import { imageFilter, type ProjectedImage, projectImage } from "./run.ts";

/**
 * Every image a query matches, in its order, projected — the whole answer at once rather than a
 * page after a cursor (the command line prints it all). `max` keeps only the first rows.
 */
export function selectImages(
  images: readonly Image[],
  query: ImageQuery,
  max: number | null = null,
): { readonly images: ProjectedImage[]; readonly matched: number } {
  const matches = images.filter(imageFilter(query.filters));
  matches.sort(imageComparator(query.sort));
  const kept = max === null ? matches : matches.slice(0, max);
  const fields = query.fields;
  return {
    images: fields === null ? kept : kept.map((image) => projectImage(image, fields)),
    matched: matches.length,
  };
}
