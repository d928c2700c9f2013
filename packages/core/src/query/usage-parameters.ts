import { type InputIssue, QueryError } from "../errors.ts";
import type { ImageQuery } from "./parse.ts";

const WHY = "needs usage evidence, which this deployment does not collect (NHN_USAGE is not true)";

/**
 * Refuses a query that asks for usage (`inUse`, `fields=usage`) where images carry none: without
 * `NHN_USAGE=true` no image has `usage`, so such a query could only answer nothing.
 *
 * @throws {QueryError} naming each usage parameter when `usage` is off.
 */
export function checkUsageParameters(query: ImageQuery, usage: boolean): void {
  if (usage) return;
  const issues: InputIssue[] = [];
  if (query.filters.inUse !== null) issues.push({ param: "inUse", message: WHY });
  if (query.fields?.includes("usage")) {
    issues.push({ param: "fields", message: `names usage, which ${WHY.slice("needs ".length)}` });
  }
  if (issues.length > 0) throw new QueryError(issues);
}
