import { type InputIssue, QueryError, REGIONS, type Region } from "@nhn-images/core";

/**
 * The query of `GET /images/{id}`: only `region`, which picks one region when the id is in
 * several.
 *
 * @throws {QueryError} naming each parameter that is not `region` or a `region` that is no region.
 */
export function parseImageLookup(rawQuery: string): { region: Region | null } {
  if (rawQuery === "") return { region: null };
  const issues: InputIssue[] = [];
  let region: Region | null = null;
  for (const [param, value] of new URLSearchParams(rawQuery)) {
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
