// How a person reads families off a list of images: the answers GET /images/latest and
// GET /families are held to, written plainly here rather than with the engine's code.
import { compareCodePoints, type FamilyRow, type Image } from "@nhn-images/core";

/**
 * The image a person would pick reading the list: active and offered (not hidden), newest, then
 * the smaller id.
 */
export function pickedByHand(images: readonly Image[], family: string): Image | undefined {
  return images
    .filter((image) => image.family === family && image.status === "active" && !image.hidden)
    .sort(
      (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareCodePoints(a.id, b.id),
    )[0];
}

/** The families a person would count from the list. */
export function countedByHand(images: readonly Image[]): FamilyRow[] {
  const groups = new Map<string, Image[]>();
  for (const image of images) {
    const key = `${image.region}\u0000${image.family}`;
    groups.set(key, [...(groups.get(key) ?? []), image]);
  }
  return [...groups.values()]
    .map((group) => {
      const first = group[0] as Image;
      const latest = pickedByHand(group, first.family);
      const newest = [...group].sort(
        (a, b) => b.createdAt.localeCompare(a.createdAt) || compareCodePoints(a.id, b.id),
      )[0] as Image;
      return {
        family: first.family,
        region: first.region,
        images: group.length,
        active: group.filter((image) => image.status === "active").length,
        latest:
          latest === undefined
            ? null
            : { id: latest.id, name: latest.name, createdAt: latest.createdAt },
        oldestCreatedAt: group.map((image) => image.createdAt).sort()[0] as string,
        totalBytes: group.reduce((sum, image) => sum + (image.size ?? 0), 0),
        visibility: (latest ?? newest).visibility,
      };
    })
    .sort((a, b) => compareCodePoints(a.family, b.family) || compareCodePoints(a.region, b.region));
}
