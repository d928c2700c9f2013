import { NhnImagesError, type OutputFormat } from "@nhn-images/core";

/** `Accept` allows none of the formats (a 406 problem). */
export class NotAcceptableError extends NhnImagesError {
  override readonly name = "NotAcceptableError";
  constructor(readonly accept: string) {
    super(`None of ${accept.slice(0, 200)} can be served`);
  }
}

/**
 * The format to answer in ({@link negotiateFormat}).
 *
 * @throws {NotAcceptableError} when `Accept` allows none of them.
 */
export function answerFormat(
  requested: OutputFormat | null,
  accept: string | undefined,
): OutputFormat {
  const format = negotiateFormat(requested, accept);
  if (format === null) throw new NotAcceptableError(accept ?? "");
  return format;
}

/** The media types each format answers to, its own first. */
const FORMAT_MEDIA: Record<OutputFormat, readonly string[]> = {
  json: ["application/json"],
  ndjson: ["application/x-ndjson", "application/ndjson", "application/jsonl"],
  csv: ["text/csv"],
};
/** On equal preference, this order: JSON, then NDJSON, then CSV. */
const FORMATS: readonly OutputFormat[] = ["json", "ndjson", "csv"];
/** More ranges than any client sends are not read. */
const MAX_RANGES = 32;

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/**
 * The format to answer in: `format` when given, else content negotiation over `Accept` as
 * RFC 9110 §12.5.1 describes it: each format takes the q of the most specific range that
 * matches it (`text/csv` over `text/*` over `*\/*`), `q=0` means "not this", and the highest q
 * wins (JSON first on a tie). No header means JSON; null when `Accept` allows none of ours (406).
 */
export function negotiateFormat(
  requested: OutputFormat | null,
  accept: string | undefined,
): OutputFormat | null {
  if (requested !== null) return requested;
  if (accept === undefined || accept.trim() === "") return "json";
  const ranges = parseAccept(accept);
  let best: { format: OutputFormat; q: number } | null = null;
  for (const format of FORMATS) {
    const q = qualityOf(format, ranges);
    if (q > 0 && (best === null || q > best.q)) best = { format, q };
  }
  return best?.format ?? null;
}

function qualityOf(format: OutputFormat, ranges: readonly MediaRange[]): number {
  let specificity = 0;
  let q = 0;
  for (const range of ranges) {
    for (const media of FORMAT_MEDIA[format]) {
      const [type, subtype] = media.split("/");
      const level =
        range.type === type && range.subtype === subtype
          ? 3
          : range.type === type && range.subtype === "*"
            ? 2
            : range.type === "*" && range.subtype === "*"
              ? 1
              : 0;
      if (level > specificity || (level === specificity && level > 0 && range.q > q)) {
        specificity = level;
        q = range.q;
      }
    }
  }
  return q;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(",").slice(0, MAX_RANGES)) {
    const [media = "", ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    const [type, subtype] = media.split("/");
    if (type === undefined || subtype === undefined || type === "" || subtype === "") continue;
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    ranges.push({ type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 });
  }
  return ranges;
}
