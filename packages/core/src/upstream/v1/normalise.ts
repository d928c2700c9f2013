import { V1_REGION } from "../../regions.ts";
import type { Image } from "../../schemas/image.ts";
import { familyOf } from "../../schemas/image-family.ts";
import {
  type ImageFieldReader,
  isOptional,
  isOptionalInteger,
  nonNegative,
  setOwn,
  sizeOrNull,
} from "../field-reader.ts";
import { parseAt } from "../parse-at.ts";
import { V1Image } from "./schemas.ts";

/**
 * One v1 image as an {@link Image}. v1 knows no owner, tags or visibility beyond `isPublic`,
 * and serves Korea only: `owner` is null, `tags` empty, `region` KR1, `hidden` false.
 *
 * An image already in the documented types (the usual case) takes a fast path of plain type
 * checks; anything else (numeric strings, "true", a missing id…) goes through the zod schema,
 * which stays the one definition of what is accepted. A test holds both paths equal.
 */
export function normaliseV1Image(raw: unknown, path: string, fields: ImageFieldReader): Image {
  if (isCanonicalV1(raw)) return v1Image(raw, raw.properties ?? {}, path, fields);
  return normaliseV1ImageLiberally(raw, path, fields);
}

/** The zod path of {@link normaliseV1Image}, for any input (the test holds both equal). */
export function normaliseV1ImageLiberally(
  raw: unknown,
  path: string,
  fields: ImageFieldReader,
): Image {
  const image = parseAt(V1Image, raw, path);
  return v1Image(image, definedValues(image.properties), path, fields);
}

function v1Image(
  image: Omit<CanonicalV1Image, "properties">,
  properties: Record<string, string>,
  path: string,
  fields: ImageFieldReader,
): Image {
  const createdAt = fields.timestamp(image.createdAt, `${path}.createdAt`);
  const isPublic = image.isPublic ?? false;
  const name = image.name ?? "";
  return {
    id: image.id,
    name,
    status: fields.status(image.status),
    diskFormat: fields.diskFormat(image.diskFormat),
    isPublic,
    protected: image.protected ?? false,
    minDisk: nonNegative(image.minDisk),
    minRam: nonNegative(image.minRam),
    size: sizeOrNull(image.size),
    properties,
    createdAt,
    updatedAt:
      image.updatedAt == null ? createdAt : fields.timestamp(image.updatedAt, `${path}.updatedAt`),
    visibility: isPublic ? "public" : "private",
    owner: null,
    tags: [],
    region: V1_REGION,
    hidden: false,
    family: familyOf(name, properties),
  };
}

function definedValues(
  properties: Record<string, string | null> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (properties == null) return out;
  for (const [key, value] of Object.entries(properties))
    if (value !== null) setOwn(out, key, value);
  return out;
}

/** A v1 image whose fields all have the documented types (what the zod path would accept as is). */
interface CanonicalV1Image {
  id: string;
  name?: string | null | undefined;
  status: string;
  diskFormat?: string | null | undefined;
  isPublic?: boolean | null | undefined;
  protected?: boolean | null | undefined;
  minDisk?: number | null | undefined;
  minRam?: number | null | undefined;
  size?: number | null | undefined;
  properties?: Record<string, string> | null | undefined;
  createdAt: string;
  updatedAt?: string | null | undefined;
}

function isCanonicalV1(raw: unknown): raw is CanonicalV1Image {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== "string" || r.id === "" || typeof r.status !== "string" || r.status === "")
    return false;
  if (typeof r.createdAt !== "string" || !isOptional(r.updatedAt, "string")) return false;
  if (!isOptional(r.name, "string") || !isOptional(r.diskFormat, "string")) return false;
  if (!isOptional(r.isPublic, "boolean") || !isOptional(r.protected, "boolean")) return false;
  if (!isOptionalInteger(r.minDisk) || !isOptionalInteger(r.minRam) || !isOptionalInteger(r.size))
    return false;
  const properties = r.properties;
  if (properties != null) {
    if (typeof properties !== "object" || Array.isArray(properties)) return false;
    for (const key in properties) {
      if (key === "__proto__" || typeof (properties as Record<string, unknown>)[key] !== "string")
        return false;
    }
  }
  return true;
}
