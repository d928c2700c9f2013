import { familyOf, type Image } from "@nhn-images/core";

/** A project's answer to an image shared with it (Glance image members). */
export type MemberStatus = "accepted" | "pending" | "rejected";

/**
 * An image the simulator holds: a normalised Image (its region, owner and visibility decide
 * who lists it) and, for a `shared` image, its member projects. A shared image without
 * `members` is taken as accepted by every project; an image that does not say `hidden` is not
 * hidden (`os_hidden: false`). Its `family` is not held: the API computes it from the name and
 * properties, as it does for any upstream image.
 */
export type SimulatorImage = Omit<Image, "hidden" | "family"> & {
  readonly hidden?: boolean;
  readonly members?: Readonly<Record<string, MemberStatus>>;
};

/** A generated image: every field of an Image said, `hidden` and `family` included. */
export type GeneratedImage = Image & {
  readonly members?: Readonly<Record<string, MemberStatus>>;
};

/** Whether Glance's `os_hidden` is set on the image. */
export function isHidden(image: SimulatorImage): boolean {
  return image.hidden === true;
}

/** The Image without the simulator's bookkeeping, as our adapters normalise it. */
export function imageOf(image: SimulatorImage): Image {
  const { members: _members, hidden, ...rest } = image;
  return { ...rest, hidden: hidden === true, family: familyOf(image.name, image.properties) };
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
    hidden: false,
  };
}
