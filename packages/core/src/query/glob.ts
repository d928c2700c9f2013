import { foldCharacter, foldForMatching } from "./case-fold.ts";

/** One position of a glob segment: a literal code point, or `?` (any one code point). */
type Unit = string | null;

/**
 * A compiled glob: `*` any run, `?` one character, `\` escapes the next character; matching is
 * whole-string, in Unicode NFC, each character case-folded on its own ({@link foldForMatching}).
 *
 * Matching never backtracks: the pattern is split at `*` into segments, the first anchored at
 * the start, the last at the end, and each middle one found at its leftmost place after the
 * previous. Leftmost placement is always safe for `*`-separated segments, so the work is at
 * most (name length × longest segment), linear in the name for any pattern, where a regular
 * expression built from the pattern can take exponential time (`*a*a*a*…b`).
 */
export class Glob {
  readonly hasWildcards: boolean;
  readonly #segments: Unit[][];
  readonly #leadingStar: boolean;
  readonly #trailingStar: boolean;
  readonly #literal: string | null;
  /** The segments as strings when none holds a `?`: then native string search does the work. */
  readonly #plain: string[] | null;

  private constructor(
    readonly pattern: string,
    segments: Unit[][],
    leadingStar: boolean,
    trailingStar: boolean,
    hasWildcards: boolean,
  ) {
    this.#segments = segments;
    this.#leadingStar = leadingStar;
    this.#trailingStar = trailingStar;
    this.hasWildcards = hasWildcards;
    this.#literal = hasWildcards ? null : (segments[0] ?? []).join("");
    this.#plain = segments.every((segment) => !segment.includes(null))
      ? segments.map((segment) => segment.join(""))
      : null;
  }

  /**
   * Compiles `pattern`.
   * @throws {SyntaxError} when the pattern ends in an unfinished `\` escape.
   */
  static compile(pattern: string): Glob {
    const segments: Unit[][] = [[]];
    let leadingStar = false;
    let trailingStar = false;
    let wildcards = false;
    const chars = Array.from(pattern.normalize("NFC"));
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i] as string;
      const current = segments.at(-1) as Unit[];
      if (c === "\\") {
        const next = chars[++i];
        if (next === undefined) throw new SyntaxError("ends with an unfinished \\ escape");
        current.push(foldCharacter(next));
        trailingStar = false;
      } else if (c === "*") {
        wildcards = true;
        if (i === 0) leadingStar = true;
        trailingStar = true;
        if (current.length > 0 || segments.length === 1) segments.push([]);
      } else if (c === "?") {
        wildcards = true;
        current.push(null);
        trailingStar = false;
      } else {
        current.push(foldCharacter(c));
        trailingStar = false;
      }
    }
    if (segments.length > 1 && (segments.at(-1) as Unit[]).length === 0) segments.pop();
    if (leadingStar && (segments[0] as Unit[]).length === 0) segments.shift();
    return new Glob(pattern, segments, leadingStar, trailingStar, wildcards);
  }

  /** Whether `text` matches the whole pattern, ignoring case. */
  matches(text: string): boolean {
    const folded = foldForMatching(text);
    if (this.#literal !== null) return folded === this.#literal;
    if (this.#plain !== null) return this.#matchesPlain(folded, this.#plain);
    // Without surrogates every UTF-16 unit is a code point: index the string itself.
    const units: ArrayLike<string> = SURROGATE.test(folded) ? Array.from(folded) : folded;
    const segments = this.#segments;
    if (segments.length === 0) return this.#leadingStar || units.length === 0;
    let start = 0;
    let end = units.length;
    let first = 0;
    let last = segments.length;
    if (!this.#leadingStar) {
      const head = segments[0] as Unit[];
      if (!matchesAt(units, 0, head)) return false;
      start = head.length;
      first = 1;
      if (segments.length === 1 && !this.#trailingStar) return start === units.length;
    }
    if (!this.#trailingStar && last > first) {
      const tail = segments[last - 1] as Unit[];
      const tailStart = units.length - tail.length;
      if (tailStart < start || !matchesAt(units, tailStart, tail)) return false;
      end = tailStart;
      last -= 1;
    }
    for (let s = first; s < last; s++) {
      const segment = segments[s] as Unit[];
      const found = indexOfSegment(units, segment, start, end);
      if (found < 0) return false;
      start = found + segment.length;
    }
    return true;
  }

  /** The same algorithm on `*`-separated literals, with native search (no `?` to count). */
  #matchesPlain(folded: string, segments: readonly string[]): boolean {
    if (segments.length === 0) return this.#leadingStar || folded.length === 0;
    let start = 0;
    let end = folded.length;
    let first = 0;
    let last = segments.length;
    if (!this.#leadingStar) {
      const head = segments[0] as string;
      if (!folded.startsWith(head)) return false;
      start = head.length;
      first = 1;
      if (segments.length === 1 && !this.#trailingStar) return start === folded.length;
    }
    if (!this.#trailingStar && last > first) {
      const tail = segments[last - 1] as string;
      end = folded.length - tail.length;
      if (end < start || !folded.endsWith(tail)) return false;
      last -= 1;
    }
    for (let s = first; s < last; s++) {
      const segment = segments[s] as string;
      const found = folded.indexOf(segment, start);
      if (found < 0 || found + segment.length > end) return false;
      start = found + segment.length;
    }
    return true;
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

function matchesAt(units: ArrayLike<string>, at: number, segment: readonly Unit[]): boolean {
  if (at + segment.length > units.length) return false;
  for (let j = 0; j < segment.length; j++) {
    const unit = segment[j];
    if (unit !== null && unit !== units[at + j]) return false;
  }
  return true;
}

function indexOfSegment(
  units: ArrayLike<string>,
  segment: readonly Unit[],
  from: number,
  to: number,
): number {
  for (let i = from; i + segment.length <= to; i++) if (matchesAt(units, i, segment)) return i;
  return -1;
}
