import { IMAGE_FIELDS, type Image } from "@nhn-images/core";
import type { ImageChange } from "./image-change.ts";

/** One row of the changes (core's {@link ImageChange}). */
export type Change = ImageChange;

/**
 * An image of a previous snapshot. A snapshot written by the first version lacks the fields
 * added since (visibility, owner, tags, region): a field it does not hold is not compared, so
 * upgrading reports no change that did not happen.
 */
export type PreviousImage = Pick<Image, "id" | "region" | "name"> & Partial<Image>;

/**
 * Every field but the identity and `family`: a family follows the name and the `image_family`
 * property, so a change of family is reported as the change of what it follows, never by itself.
 */
const COMPARED_FIELDS = IMAGE_FIELDS.filter(
  (field) => field !== "id" && field !== "region" && field !== "family",
);

/**
 * The fields that differ between two versions of one image. Every Image field counts,
 * `updatedAt` included; `properties` and `tags` change as a whole. `usage` changes when its
 * verdict does (an image going from `inUse` to `unused` is the change its readers look for),
 * with the two verdicts as `from` and `to`; servers coming and going under an image that stays in
 * use are not a change. It is compared only when both versions carry usage.
 */
export function changedFields(before: PreviousImage, after: Image): Change["fields"] {
  const fields: Change["fields"] = {};
  for (const field of COMPARED_FIELDS) {
    if (!Object.hasOwn(before, field)) continue;
    const from = before[field];
    const to = after[field];
    const same =
      field === "properties"
        ? sameProperties(before.properties ?? {}, after.properties)
        : field === "tags"
          ? sameTags(before.tags ?? [], after.tags)
          : from === to;
    if (!same) fields[field] = { from, to };
  }
  const usageBefore = before.usage?.verdict;
  const usageAfter = after.usage?.verdict;
  if (usageBefore !== undefined && usageAfter !== undefined && usageBefore !== usageAfter) {
    fields.usage = { from: usageBefore, to: usageAfter };
  }
  return fields;
}

function sameProperties(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
  return true;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
