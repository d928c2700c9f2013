import { Glob } from "@nhn-images/core";
import { compare } from "./measure.ts";

/**
 * Adversarial globs against ever longer names: matching must grow linearly with the name's
 * length. The baseline of each row is the same pattern on a name ten times shorter, so a ratio
 * near 10 is linear (a backtracking regex built from `*a*a*a*…b` grows exponentially instead).
 */
const PATTERNS: Record<string, { pattern: string; letter: string }> = {
  "*a*a*a*a*a*a*a*a*b (no match)": { pattern: "*a*a*a*a*a*a*a*a*b", letter: "a" },
  "200 × ? then * (no match)": { pattern: `${"?".repeat(200)}*b`, letter: "a" },
  "*a?a?a?a*b (no match)": { pattern: "*a?a?a?a*b", letter: "a" },
  // Not ASCII: every name goes through NFC and per-character folding first.
  "*İ?가*가*나, Korean NFD name (no match)": {
    pattern: "*İ?가*가*나",
    letter: "가".normalize("NFD"),
  },
};

export async function benchGlobLinear() {
  const rows = [];
  for (const [label, { pattern, letter }] of Object.entries(PATTERNS)) {
    const glob = Glob.compile(pattern);
    for (const length of [10_000, 100_000]) {
      const long = letter.repeat(length);
      const short = letter.repeat(length / 10);
      if (glob.matches(long) || glob.matches(short)) throw new Error(`${label} should not match`);
      const result = await compare(
        () => glob.matches(long),
        () => glob.matches(short),
        { rounds: 15, warmup: 3, inner: 20 },
      );
      rows.push({
        case: `glob ${label}, name ${length.toLocaleString("en")} vs ${(length / 10).toLocaleString("en")}`,
        size: length,
        ...result,
        target: "≈ 10 (linear), ≤ 15",
        pass: result.ratio <= 15,
      });
    }
  }
  return rows;
}
