import { UpstreamSchemaError } from "../errors.ts";
import { type CoreLogger, silentLogger } from "../logger.ts";
import { compareCodePoints } from "../query/order.ts";
import {
  DISK_FORMATS,
  type DiskFormat,
  KNOWN_IMAGE_STATUSES,
  VISIBILITIES,
  type Visibility,
} from "../schemas/image.ts";
import { normaliseTimestamp } from "../timestamp.ts";

const knownStatuses: ReadonlySet<string> = new Set(KNOWN_IMAGE_STATUSES);
const knownDiskFormats: ReadonlySet<string> = new Set(DISK_FORMATS);
const knownVisibilities: ReadonlySet<string> = new Set(VISIBILITIES);

/**
 * Reads the Image fields both APIs share, the same way for each. Reads liberally and fails only
 * on what cannot be an image (a timestamp that is no instant): then it throws
 * {@link UpstreamSchemaError} naming the JSON path. An unknown status is kept, an unknown disk
 * format becomes null and an unknown visibility `private`; each unknown value is logged once for
 * the lifetime of the reader, so a new NHN value never fails a listing nor floods the log.
 */
export class ImageFieldReader {
  readonly #logger: CoreLogger;
  readonly #reported = new Set<string>();

  constructor(logger: CoreLogger = silentLogger) {
    this.#logger = logger;
  }

  status(status: string): string {
    if (!knownStatuses.has(status)) this.#reportOnce("status", status);
    return status;
  }

  diskFormat(format: string | null | undefined): DiskFormat | null {
    if (format == null || format === "") return null;
    if (knownDiskFormats.has(format)) return format as DiskFormat;
    this.#reportOnce("diskFormat", format);
    return null;
  }

  /** Glance's visibility; a missing or unknown one is read as the most restrictive, `private`. */
  visibility(visibility: string | null | undefined): Visibility {
    if (visibility != null && knownVisibilities.has(visibility)) return visibility as Visibility;
    this.#reportOnce("visibility", visibility ?? "(missing)");
    return "private";
  }

  timestamp(text: string, path: string): string {
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

/** A count that cannot be negative: missing or negative upstream values read as 0. */
export function nonNegative(value: number | null | undefined): number {
  return value == null || value < 0 ? 0 : value;
}

/** A size in bytes: missing or negative upstream values read as unknown. */
export function sizeOrNull(value: number | null | undefined): number | null {
  return value == null || value < 0 ? null : value;
}

/** Tags as the Image holds them: each once, in code point order. */
export function normaliseTags(tags: readonly string[] | null | undefined): string[] {
  if (tags == null || tags.length === 0) return [];
  return [...new Set(tags)].sort(compareCodePoints);
}

/** Sets an own property even for a key such as `__proto__`, which plain assignment would swallow. */
export function setOwn(record: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(record, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** For a fast path's type checks: absent, or of `type`. */
export function isOptional(value: unknown, type: "string" | "boolean"): boolean {
  return value == null || typeof value === type;
}

/** For a fast path's type checks: absent, or a safe integer. */
export function isOptionalInteger(value: unknown): boolean {
  return value == null || Number.isSafeInteger(value);
}
