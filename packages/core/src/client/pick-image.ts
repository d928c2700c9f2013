import { ImageConflictError, ImageNotFoundError } from "../errors.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";

/**
 * The image with `id` among `images` (a listing, or what each region answered): the one in
 * `region` when given, else the only region's. An image is identified by (region, id), so the
 * same id in two regions is two images and the caller must pick one.
 *
 * @throws {ImageNotFoundError} when none matches.
 * @throws {ImageConflictError} when several regions have it and no region was given.
 */
export function pickImage(
  images: Iterable<Image | null>,
  id: string,
  region: Region | null = null,
): Image {
  let picked: Image | null = null;
  const regions = new Set<Region>();
  for (const image of images) {
    if (image === null || image.id !== id || (region !== null && image.region !== region)) continue;
    regions.add(image.region);
    picked ??= image;
  }
  if (regions.size > 1) throw new ImageConflictError(id, [...regions]);
  if (picked === null) throw new ImageNotFoundError(id);
  return picked;
}
