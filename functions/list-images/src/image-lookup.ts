import {
  calendarDate,
  type InputIssue,
  imageIdIssue,
  oneRegion,
  QueryError,
  type Region,
  readQuery,
  routeParameters,
} from "@nhn-images/core";

/** At most this many problems are reported: a query of 100,000 unknown names is one answer. */
const MAX_ISSUES = 20;

const LOOKUP_ROUTE = routeParameters("/images/{id}", { region: oneRegion, asOf: calendarDate });

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
  const idIssue = imageIdIssue(id);
  const issues: InputIssue[] = idIssue === null ? [] : [idIssue];
  const { parsed } = readQuery(rawQuery, LOOKUP_ROUTE, issues);
  if (parsed === null || issues.length > 0) throw new QueryError(issues.slice(0, MAX_ISSUES));
  return { region: parsed.region ?? null, asOf: parsed.asOf ?? null };
}
