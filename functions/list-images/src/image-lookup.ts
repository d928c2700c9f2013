import {
  type InputIssue,
  isWellFormedUnicode,
  QueryError,
  queryStringTooLong,
  REGIONS,
  type Region,
} from "@nhn-images/core";

/** Longer than any image id (Glance's are 36-character UUIDs): refused before any work. */
const MAX_ID_LENGTH = 255;
/** At most this many problems are reported: a query of 100,000 unknown names is one answer. */
const MAX_ISSUES = 20;

/**
 * The id and query of `GET /images/{id}`: the query holds only `region`, which picks one region
 * when the id is in several.
 *
 * @throws {QueryError} naming each parameter that is not `region`, a `region` that is no region,
 *   a query over 8 KiB, or an id that is too long or not well-formed Unicode (a lone surrogate
 *   cannot be sent upstream, so it is a 400, never a 500).
 */
export function parseImageLookup(id: string, rawQuery: string): { region: Region | null } {
  const issues: InputIssue[] = [];
  if (id.length > MAX_ID_LENGTH) {
    issues.push({ param: "id", message: `must be at most ${MAX_ID_LENGTH} characters` });
  } else if (!isWellFormedUnicode(id)) {
    issues.push({ param: "id", message: "is not well-formed Unicode" });
  }
  const tooLong = queryStringTooLong(rawQuery);
  if (tooLong !== null) throw new QueryError([...issues, tooLong]);
  let region: Region | null = null;
  for (const [param, value] of new URLSearchParams(rawQuery)) {
    if (issues.length >= MAX_ISSUES) break;
    if (param !== "region") {
      issues.push({
        param: param.slice(0, 64),
        message: "is not a parameter of /images/{id}; known: region",
      });
    } else if (region !== null) {
      issues.push({ param, message: "is given more than once" });
    } else if ((REGIONS as readonly string[]).includes(value.toUpperCase())) {
      region = value.toUpperCase() as Region;
    } else {
      issues.push({ param, message: `must be one of ${REGIONS.join(", ")}` });
    }
  }
  if (issues.length > 0) throw new QueryError(issues);
  return { region };
}
