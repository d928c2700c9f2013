import type * as z from "zod";
import { UpstreamSchemaError } from "./errors.ts";
import { type CoreLogger, silentLogger } from "./logger.ts";
import {
  DISK_FORMATS,
  type DiskFormat,
  type Image,
  KNOWN_IMAGE_STATUSES,
} from "./schemas/image.ts";
import { GLANCE_STANDARD_FIELDS, V1Image, V2Image } from "./schemas/upstream.ts";
import { normaliseTimestamp } from "./timestamp.ts";

const knownStatuses: ReadonlySet<string> = new Set(KNOWN_IMAGE_STATUSES);
const knownDiskFormats: ReadonlySet<string> = new Set(DISK_FORMATS);

/**
 * Turns upstream images (v1 or Glance v2) into {@link Image}s.
 *
 * Reads liberally and fails only on what cannot be an image (no `id`, a timestamp that is no
 * instant): then it throws {@link UpstreamSchemaError} naming the JSON path. An unknown status
 * or disk format is kept (status) or dropped to `null` (disk format) and logged once per value
 * for the lifetime of the normaliser, so a new NHN status never fails a listing.
 */
export class ImageNormaliser {
  readonly #logger: CoreLogger;
  readonly #reported = new Set<string>();

  constructor(logger: CoreLogger = silentLogger) {
    this.#logger = logger;
  }

  /**
   * Normalises one v1 image; `path` (e.g. `images[3]`) names it in errors.
   *
   * An image already in the documented types (the usual case) takes a fast path of plain type
   * checks; anything else (numeric strings, "true", a missing id…) goes through the zod schema,
   * which stays the one definition of what is accepted. A test holds both paths equal.
   */
  fromV1(raw: unknown, path: string): Image {
    if (isCanonicalV1(raw)) return this.#v1Image(raw, raw.properties ?? {}, path);
    return this.fromV1Liberally(raw, path);
  }

  /** The zod path of {@link fromV1}, for any input (exported for the test that holds both equal). */
  fromV1Liberally(raw: unknown, path: string): Image {
    const image = parseAt(V1Image, raw, path);
    return this.#v1Image(image, definedValues(image.properties), path);
  }

  /** The Image of a v1 image whose fields already have their documented types. */
  #v1Image(
    image: Omit<CanonicalV1Image, "properties">,
    properties: Record<string, string>,
    path: string,
  ): Image {
    const createdAt = this.#timestamp(image.createdAt, `${path}.createdAt`);
    return {
      id: image.id,
      name: image.name ?? "",
      status: this.#status(image.status),
      diskFormat: this.#diskFormat(image.diskFormat),
      isPublic: image.isPublic ?? false,
      protected: image.protected ?? false,
      minDisk: nonNegative(image.minDisk),
      minRam: nonNegative(image.minRam),
      size: image.size == null || image.size < 0 ? null : image.size,
      properties,
      createdAt,
      updatedAt:
        image.updatedAt == null ? createdAt : this.#timestamp(image.updatedAt, `${path}.updatedAt`),
    };
  }

  /**
   * Normalises one Glance v2 image; every non-standard top-level field becomes a property.
   * Like {@link fromV1}, an image in the documented types skips zod (a test holds both equal).
   */
  fromV2(raw: unknown, path: string): Image {
    return this.#v2Image(isCanonicalV2(raw) ? raw : parseAt(V2Image, raw, path), path);
  }

  /** The zod path of {@link fromV2}, for any input (exported for the test that holds both equal). */
  fromV2Liberally(raw: unknown, path: string): Image {
    return this.#v2Image(parseAt(V2Image, raw, path), path);
  }

  #v2Image(image: CanonicalV2Image, path: string): Image {
    const createdAt = this.#timestamp(image.created_at, `${path}.created_at`);
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(image)) {
      // "__proto__" is dropped, as the v1 schema (zod's record) drops it: never a real property.
      if (GLANCE_STANDARD_FIELDS.has(key) || value == null || key === "__proto__") continue;
      setOwn(properties, key, typeof value === "string" ? value : JSON.stringify(value));
    }
    return {
      id: image.id,
      name: image.name ?? "",
      status: this.#status(image.status),
      diskFormat: this.#diskFormat(image.disk_format),
      isPublic: image.visibility === "public",
      protected: image.protected ?? false,
      minDisk: nonNegative(image.min_disk),
      minRam: nonNegative(image.min_ram),
      size: image.size == null || image.size < 0 ? null : image.size,
      properties,
      createdAt,
      updatedAt:
        image.updated_at == null
          ? createdAt
          : this.#timestamp(image.updated_at, `${path}.updated_at`),
    };
  }

  #status(status: string): string {
    if (!knownStatuses.has(status)) this.#reportOnce("status", status);
    return status;
  }

  #diskFormat(format: string | null | undefined): DiskFormat | null {
    if (format == null || format === "") return null;
    if (knownDiskFormats.has(format)) return format as DiskFormat;
    this.#reportOnce("diskFormat", format);
    return null;
  }

  #timestamp(text: string, path: string): string {
    const normalised = normaliseTimestamp(text);
    if (normalised === null) {
      throw new UpstreamSchemaError(`Upstream image has an invalid timestamp at ${path}`, [
        { path, message: `not a timestamp: ${JSON.stringify(text.slice(0, 40))}` },
      ]);
    }
    return normalised;
  }

  #reportOnce(field: string, value: string): void {
    const key = `${field}\u0000${value}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#logger.warn(`Unknown upstream ${field} kept`, { field, value: value.slice(0, 64) });
  }
}

/** Parses `raw` with `schema`, turning zod's issues into an {@link UpstreamSchemaError} with JSON paths. */
export function parseAt<S extends z.ZodType>(schema: S, raw: unknown, path: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: jsonPath(path, issue.path),
    message: issue.message,
  }));
  throw new UpstreamSchemaError(
    `Upstream answered an unexpected shape at ${issues.map((i) => i.path).join(", ")}`,
    issues,
    { cause: result.error },
  );
}

function jsonPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    path +=
      typeof segment === "number"
        ? `[${segment}]`
        : path === ""
          ? String(segment)
          : `.${String(segment)}`;
  }
  return path === "" ? "$" : path;
}

function nonNegative(value: number | null | undefined): number {
  return value == null || value < 0 ? 0 : value;
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

/** Sets an own property even for a key such as `__proto__`, which plain assignment would swallow. */
function setOwn(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
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

const optional = (value: unknown, type: "string" | "boolean") =>
  value == null || typeof value === type;
const optionalInt = (value: unknown) => value == null || Number.isSafeInteger(value);

function isCanonicalV1(raw: unknown): raw is CanonicalV1Image {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== "string" || r.id === "" || typeof r.status !== "string" || r.status === "")
    return false;
  if (typeof r.createdAt !== "string" || !optional(r.updatedAt, "string")) return false;
  if (!optional(r.name, "string") || !optional(r.diskFormat, "string")) return false;
  if (!optional(r.isPublic, "boolean") || !optional(r.protected, "boolean")) return false;
  if (!optionalInt(r.minDisk) || !optionalInt(r.minRam) || !optionalInt(r.size)) return false;
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

/** A Glance v2 image whose standard fields have the documented types; the rest are properties. */
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
}

function isCanonicalV2(raw: unknown): raw is CanonicalV2Image {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== "string" || r.id === "" || typeof r.status !== "string" || r.status === "")
    return false;
  if (typeof r.created_at !== "string" || !optional(r.updated_at, "string")) return false;
  if (
    !optional(r.name, "string") ||
    !optional(r.visibility, "string") ||
    !optional(r.disk_format, "string")
  )
    return false;
  if (!optional(r.protected, "boolean")) return false;
  return optionalInt(r.size) && optionalInt(r.min_ram) && optionalInt(r.min_disk);
}
