import type { InputIssue } from "../errors.ts";

/** The ends of the ranges a query may give; null or absent: that end is open. */
interface RangeEnds {
  readonly sizeMin?: number | undefined;
  readonly sizeMax?: number | undefined;
  readonly createdSince?: string | undefined;
  readonly createdBefore?: string | undefined;
  readonly updatedSince?: string | undefined;
  readonly updatedBefore?: string | undefined;
}

/**
 * A range no image can be in — `sizeMin` above `sizeMax`, a `…Since` not before its `…Before`
 * (since is inclusive, before exclusive) — is a mistake in the query, not an empty answer:
 * one issue on the lower end, naming the upper.
 */
export function rangeIssues(ends: RangeEnds): InputIssue[] {
  const issues: InputIssue[] = [];
  const { sizeMin, sizeMax } = ends;
  if (sizeMin !== undefined && sizeMax !== undefined && sizeMin > sizeMax) {
    issues.push({
      param: "sizeMin",
      message: `(${sizeMin}) is greater than sizeMax (${sizeMax}): no image can match`,
    });
  }
  for (const field of ["created", "updated"] as const) {
    const since = ends[`${field}Since`];
    const before = ends[`${field}Before`];
    if (since !== undefined && before !== undefined && since >= before) {
      issues.push({
        param: `${field}Since`,
        message: `(${since}) is not before ${field}Before (${before}), which is exclusive: no image can match`,
      });
    }
  }
  return issues;
}
