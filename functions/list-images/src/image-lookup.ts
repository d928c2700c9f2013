import {
  calendarDate,
  type InputIssue,
  imageIdIssue,
  QueryError,
  queryStringTooLong,
  REGIONS,
  type Region,
} from "@nhn-images/core";

/** At most this many problems are reported: a query of 100,000 unknown names is one answer. */
const MAX_ISSUES = 20;

/** The query of `GET /images/{id}`. */
export interface ImageLookup {
  /** Picks one region when the id is in several. */
  readonly region: Region | null;
  /** Answer from the newest snapshot dated on or before this day; null: live. */
  readonly asOf: string | null;
}

/**
 * The id and query of `GET /images/{id}`: the query holds only `region` and `asOf`.
 *
 * @throws {QueryError} naming each other parameter, a `region` that is no region, an `asOf`
 *   that is no day, a query over 8 KiB, or an id that is too long or not well-formed Unicode.
 */
export function parseImageLookup(id: string, rawQuery: string): ImageLookup {
  const issues: InputIssue[] = [];
  const idIssue = imageIdIssue(id);
  if (idIssue !== null) issues.push(idIssue);
  const tooLong = queryStringTooLong(rawQuery);
  if (tooLong !== null) throw new QueryError([...issues, tooLong]);
  let region: Region | null = null;
  let asOf: string | null = null;
  const seen = new Set<string>();
  for (const [param, value] of new URLSearchParams(rawQuery)) {
    if (issues.length >= MAX_ISSUES) break;
    if (param !== "region" && param !== "asOf") {
      issues.push({
        param: param.slice(0, 64),
        message: "is not a parameter of /images/{id}; known: region, asOf",
      });
    } else if (seen.has(param)) {
      issues.push({ param, message: "is given more than once" });
    } else if (param === "asOf") {
      const day = calendarDate.safeParse(value);
      if (day.success) asOf = day.data;
      else issues.push({ param, message: day.error.issues[0]?.message ?? "must be YYYY-MM-DD" });
    } else if ((REGIONS as readonly string[]).includes(value.toUpperCase())) {
      region = value.toUpperCase() as Region;
    } else {
      issues.push({ param, message: `must be one of ${REGIONS.join(", ")}` });
    }
    seen.add(param);
  }
  if (issues.length > 0) throw new QueryError(issues);
  return { region, asOf };
}
