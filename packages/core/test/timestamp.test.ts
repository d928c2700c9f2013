import { formatTimestamp, parseTimestamp } from "@nhn-images/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseTimestamp } from "../src/timestamp.ts";

const iso = (text: string) => {
  const epoch = parseTimestamp(text);
  return epoch === null ? null : formatTimestamp(epoch);
};

describe("parseTimestamp", () => {
  it("reads NHN's zone-less microsecond form as UTC, truncated to milliseconds", () => {
    expect(iso("2017-05-16T02:17:50.166563")).toBe("2017-05-16T02:17:50.166Z");
  });

  it("reads RFC 3339 with Z or an offset", () => {
    expect(iso("2017-05-16T02:17:50Z")).toBe("2017-05-16T02:17:50.000Z");
    expect(iso("2017-05-16T11:17:50+09:00")).toBe("2017-05-16T02:17:50.000Z");
    expect(iso("2017-05-15T21:17:50.5-05:00")).toBe("2017-05-16T02:17:50.500Z");
  });

  it("reads a bare date as UTC midnight", () => {
    expect(iso("2026-11-26")).toBe("2026-11-26T00:00:00.000Z");
  });

  it("rejects impossible dates instead of rolling them over", () => {
    expect(parseTimestamp("2026-02-30")).toBeNull();
    expect(parseTimestamp("2026-13-01")).toBeNull();
    expect(parseTimestamp("2026-01-01T24:00:00Z")).toBeNull();
    expect(parseTimestamp("2025-02-29")).toBeNull();
    expect(iso("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
  });

  it("rejects text that is not a timestamp", () => {
    for (const text of ["", "{Created At}", "yesterday", "2026-1-1", "2026-11-26T", "1732579200"]) {
      expect(parseTimestamp(text)).toBeNull();
    }
  });
});

describe("normaliseTimestamp", () => {
  it("agrees with parseTimestamp then formatTimestamp on any text shaped like a timestamp", () => {
    const digits = (n: number) =>
      fc
        .array(fc.constantFrom(..."0123456789"), { minLength: n, maxLength: n })
        .map((d) => d.join(""));
    const text = fc
      .tuple(
        digits(4),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        digits(2),
        fc.option(digits(6), { nil: undefined }),
        fc.constantFrom("", "Z", "+09:00"),
      )
      .map(
        ([y, mo, d, h, mi, s, frac, zone]) =>
          `${y}-${mo}-${d}T${h}:${mi}:${s}${frac === undefined ? "" : `.${frac}`}${zone}`,
      );
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (t) => {
        const slow = parseTimestamp(t);
        expect(normaliseTimestamp(t)).toBe(slow === null ? null : formatTimestamp(slow));
      }),
      { numRuns: 5000 },
    );
  });
});
