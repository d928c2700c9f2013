import {
  type Image,
  ImageConflictError,
  ImageNotFoundError,
  type InputIssue,
  QueryError,
  REGIONS,
  type Region,
} from "@nhn-images/core";

/**
 * The query of `GET /images/{id}`: only `region`, which picks one region when the id is in
 * several.
 *
 * @throws {QueryError} naming each parameter that is not `region` or a `region` that is no region.
 */
export function parseImageLookup(rawQuery: string): { region: Region | null } {
  if (rawQuery === "") return { region: null };
  const issues: InputIssue[] = [];
  let region: Region | null = null;
  for (const [param, value] of new URLSearchParams(rawQuery)) {
    if (param !== "region") {
      issues.push({
        param: param.slice(0, 64),
        message: "is not a parameter of /images/{id}; known: region",
      });
    } else if (region !== null) {
      issues.push({ param, message: "is given more than once" });
    } else if ((REGIONS as readonly string[]).includes(value.toUpperCase())) {
      region = value.toUpperCase() as Region;
    } else {
      issues.push({ param, message: `must be one of ${REGIONS.join(", ")}` });
    }
  }
  if (issues.length > 0) throw new QueryError(issues);
  return { region };
}

/**
 * The image with `id` in a listing: the one in `region`, or the only one in any region.
 * @throws {ImageNotFoundError} when none matches.
 * @throws {ImageConflictError} when several regions have it and no region was picked.
 */
export function oneImage(images: readonly Image[], id: string, region: Region | null): Image {
  const found = images.filter(
    (image) => image.id === id && (region === null || image.region === region),
  );
  const regions = [...new Set(found.map((image) => image.region))];
  if (regions.length > 1) throw new ImageConflictError(id, regions);
  const image = found[0];
  if (image === undefined) throw new ImageNotFoundError(id);
  return image;
}
