import type { Image } from "@nhn-images/core";

/** A project's answer to an image shared with it (Glance image members). */
export type MemberStatus = "accepted" | "pending" | "rejected";

/**
 * An image the simulator holds: a normalised Image (its region, owner and visibility decide
 * who lists it) and, for a `shared` image, its member projects. A shared image without
 * `members` is taken as accepted by every project.
 */
export type SimulatorImage = Image & {
  readonly members?: Readonly<Record<string, MemberStatus>>;
};

/** The Image without the simulator's bookkeeping. */
export function imageOf(image: SimulatorImage): Image {
  if (image.members === undefined) return image;
  const { members: _members, ...rest } = image;
  return rest;
}

/**
 * The Image as the v1 API shows it: v1 knows no owner, tags or visibility beyond `isPublic`,
 * so a v1 listing normalises to this.
 */
export function v1ImageOf(image: SimulatorImage): Image {
  return {
    ...imageOf(image),
    visibility: image.isPublic ? "public" : "private",
    owner: null,
    tags: [],
  };
}
