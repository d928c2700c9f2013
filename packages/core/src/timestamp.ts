const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

/**
 * Reads a timestamp the way NHN Cloud writes them and returns epoch milliseconds, or `null`
 * when the text is not a real instant.
 *
 * Accepts RFC 3339 (`2017-05-16T02:17:50Z`, `…+09:00`), NHN's zone-less form with microseconds
 * (`2017-05-16T02:17:50.166563`, read as UTC) and a bare date (`2017-05-16`, UTC midnight).
 * Fractions are truncated to milliseconds. Impossible dates (`2026-02-30`) are `null`, unlike
 * `Date.parse`, which rolls them over.
 */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  let epoch = date.getTime();
  if (sign !== undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
    epoch += sign === "+" ? -offset : offset;
  }
  return epoch;
}

/** Formats epoch milliseconds as RFC 3339 UTC with millisecond precision (`…T02:17:50.166Z`). */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * {@link parseTimestamp} then {@link formatTimestamp}, with a fast path for the shapes NHN
 * sends (UTC or zone-less, e.g. `2017-05-16T02:17:50.166563`): their fields are checked and
 * the output is assembled without a `Date`. Null when the text is not an instant.
 */
export function normaliseTimestamp(text: string): string | null {
  const n = text.length;
  if (
    n >= 19 &&
    isDigits(text, 0, 4) &&
    text[4] === "-" &&
    isDigits(text, 5, 2) &&
    text[7] === "-" &&
    isDigits(text, 8, 2) &&
    text[10] === "T" &&
    isDigits(text, 11, 2) &&
    text[13] === ":" &&
    isDigits(text, 14, 2) &&
    text[16] === ":" &&
    isDigits(text, 17, 2)
  ) {
    let end = n;
    if (text[end - 1] === "Z") end--;
    let ms = "000";
    if (end > 19) {
      if (text[19] !== "." || end < 21 || end > 29 || !isDigits(text, 20, end - 20))
        return slowNormalise(text);
      ms = text.slice(20, Math.min(end, 23)).padEnd(3, "0");
    }
    const year = Number(text.slice(0, 4));
    const month = Number(text.slice(5, 7));
    const day = Number(text.slice(8, 10));
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
    if (
      Number(text.slice(11, 13)) > 23 ||
      Number(text.slice(14, 16)) > 59 ||
      Number(text.slice(17, 19)) > 59
    )
      return null;
    if (year < 1) return slowNormalise(text);
    return `${text.slice(0, 19)}.${ms}Z`;
  }
  return slowNormalise(text);
}

function slowNormalise(text: string): string | null {
  const epoch = parseTimestamp(text);
  return epoch === null ? null : formatTimestamp(epoch);
}

function isDigits(text: string, from: number, count: number): boolean {
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
