import { type InputIssue, QueryError } from "../errors.ts";
import type { ImageQuery } from "./parse.ts";

/**
 * Refuses a query that asks for usage (`inUse`, `fields=usage`) where the images carry none:
 * live without `NHN_USAGE=true`, or (with `asOf`) a snapshot exported without it — such a query
 * could only answer nothing. What counts is the images asked of: a snapshot exported with usage
 * answers `inUse` whatever this deployment collects today, and one without does not.
 *
 * @param snapshotDate the snapshot asked of (`asOf`), or null for the live list.
 * @throws {QueryError} naming each usage parameter when the images carry no usage.
 */
export function checkUsageParameters(
  query: ImageQuery,
  usage: boolean,
  snapshotDate: string | null = null,
): void {
  if (usage) return;
  const why =
    snapshotDate === null
      ? "which this deployment does not collect (NHN_USAGE is not true)"
      : `which the snapshot of ${snapshotDate} does not hold (it was exported without NHN_USAGE=true)`;
  const issues: InputIssue[] = [];
  if (query.filters.inUse !== null) {
    issues.push({ param: "inUse", message: `needs usage evidence, ${why}` });
  }
  if (query.fields?.includes("usage")) {
    issues.push({ param: "fields", message: `names usage evidence, ${why}` });
  }
  if (issues.length > 0) throw new QueryError(issues);
}
