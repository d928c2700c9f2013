import { compareCodePoints, type Image } from "@nhn-images/core";

/**
 * Each active image's rank in its family and region among the given images, newest first (1 is
 * the newest; ties by the smaller id, as `GET /images` orders them): what `keepNewest` counts.
 * Images that are not `active` have no rank: they never count among the newest kept.
 */
export function familyRanks(images: Iterable<Image>): (image: Image) => number | null {
  const groups = new Map<string, Image[]>();
  for (const image of images) {
    if (image.status !== "active") continue;
    const key = `${image.region}\u0000${image.family}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(image);
  }
  const ranks = new Map<string, number>();
  for (const group of groups.values()) {
    group.sort((a, b) =>
      a.createdAt === b.createdAt
        ? compareCodePoints(a.id, b.id)
        : a.createdAt < b.createdAt
          ? 1
          : -1,
    );
    group.forEach((image, index) => {
      ranks.set(`${image.region}\u0000${image.id}`, index + 1);
    });
  }
  // By (region, id): the same image read again later (a fresh object) has the same rank.
  return (image) => ranks.get(`${image.region}\u0000${image.id}`) ?? null;
}
