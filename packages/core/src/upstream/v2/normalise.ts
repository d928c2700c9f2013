import type { Region } from "../../regions.ts";
import type { Image } from "../../schemas/image.ts";
import { familyOf } from "../../schemas/image-family.ts";
import {
  type ImageFieldReader,
  isOptional,
  isOptionalInteger,
  nonNegative,
  normaliseTags,
  sizeOrNull,
} from "../field-reader.ts";
import { parseAt } from "../parse-at.ts";
import { GLANCE_CORE_FIELDS, V2Image } from "./schemas.ts";

/**
 * One Glance v2 image as an {@link Image} of `region`. Every top-level field that is not in
 * Glance's core schema is a property (values that are not strings as their JSON), and so is each
 * string entry of a `properties` object, which NHN's field table documents.
 *
 * Like v1, an image in the documented types skips zod (a test holds both paths equal).
 */
export function normaliseV2Image(
  raw: unknown,
  path: string,
  region: Region,
  fields: ImageFieldReader,
): Image {
  return v2Image(isCanonicalV2(raw) ? raw : parseAt(V2Image, raw, path), path, region, fields);
}

/** The zod path of {@link normaliseV2Image}, for any input (the test holds both equal). */
export function normaliseV2ImageLiberally(
  raw: unknown,
  path: string,
  region: Region,
  fields: ImageFieldReader,
): Image {
  return v2Image(parseAt(V2Image, raw, path), path, region, fields);
}

function v2Image(
  image: CanonicalV2Image,
  path: string,
  region: Region,
  fields: ImageFieldReader,
): Image {
  const createdAt = fields.timestamp(image.created_at, `${path}.created_at`);
  const visibility = fields.visibility(image.visibility);
  const name = image.name ?? "";
  const properties = propertiesOf(image);
  return {
    id: image.id,
    name,
    status: fields.status(image.status),
    diskFormat: fields.diskFormat(image.disk_format),
    isPublic: visibility === "public",
    protected: image.protected ?? false,
    minDisk: nonNegative(image.min_disk),
    minRam: nonNegative(image.min_ram),
    size: sizeOrNull(image.size),
    properties,
    createdAt,
    updatedAt:
      image.updated_at == null
        ? createdAt
        : fields.timestamp(image.updated_at, `${path}.updated_at`),
    visibility,
    owner: image.owner == null || image.owner === "" ? null : image.owner,
    tags: normaliseTags(image.tags),
    region,
    hidden: image.os_hidden ?? false,
    family: familyOf(name, properties),
  };
}

function propertiesOf(image: CanonicalV2Image): Record<string, string> {
  // `for…in` with an own-key check rather than Object.entries: the same keys in the same order,
  // without an array of pairs per image (a page of 1,000 images is 25,000 of them). "__proto__"
  // is dropped, as the v1 schema (zod's record) drops it: never a real property; every other
  // key is a plain own property when assigned.
  const properties: Record<string, string> = {};
  const nested = image.properties;
  if (typeof nested === "object" && nested !== null && !Array.isArray(nested)) {
    const entries = nested as Record<string, unknown>;
    for (const key in entries) {
      const value = entries[key];
      if (Object.hasOwn(entries, key) && typeof value === "string" && key !== "__proto__") {
        properties[key] = value;
      }
    }
  }
  for (const key in image) {
    if (!Object.hasOwn(image, key) || GLANCE_CORE_FIELDS.has(key) || key === "__proto__") continue;
    const value = image[key];
    if (value == null) continue;
    properties[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return properties;
}

/** A Glance v2 image whose core fields have the documented types; the rest are properties. */
interface CanonicalV2Image {
  [key: string]: unknown;
  id: string;
  name?: string | null | undefined;
  status: string;
  visibility?: string | null | undefined;
  protected?: boolean | null | undefined;
  size?: number | null | undefined;
  min_ram?: number | null | undefined;
  min_disk?: number | null | undefined;
  disk_format?: string | null | undefined;
  created_at: string;
  updated_at?: string | null | undefined;
  owner?: string | null | undefined;
  tags?: string[] | null | undefined;
  os_hidden?: boolean | null | undefined;
}

function isCanonicalV2(raw: unknown): raw is CanonicalV2Image {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== "string" || r.id === "" || typeof r.status !== "string" || r.status === "")
    return false;
  if (typeof r.created_at !== "string" || !isOptional(r.updated_at, "string")) return false;
  if (
    !isOptional(r.name, "string") ||
    !isOptional(r.visibility, "string") ||
    !isOptional(r.disk_format, "string") ||
    !isOptional(r.owner, "string")
  )
    return false;
  if (!isOptional(r.protected, "boolean") || !isOptional(r.os_hidden, "boolean")) return false;
  if (r.tags != null && !(Array.isArray(r.tags) && r.tags.every((t) => typeof t === "string")))
    return false;
  return isOptionalInteger(r.size) && isOptionalInteger(r.min_ram) && isOptionalInteger(r.min_disk);
}
