import {
  type Image,
  type ImageFilters,
  imageFilter,
  parseImageQuery,
  QueryError,
} from "@nhn-images/core";
import type { LifecyclePolicy, RuleSelect } from "./lifecycle-policy.ts";
import type { PolicyIssue } from "./policy-error.ts";

/** The `GET /images` parameter each select key is. */
const PARAMETERS: Readonly<Record<keyof RuleSelect, string>> = {
  name: "name",
  family: "family",
  tag: "tag",
  property: "property",
  region: "region",
  diskFormat: "diskFormat",
};
const REPEATED: ReadonlySet<string> = new Set(["tag", "property"]);

/** The query text of a select: lists joined with commas, tags and properties repeated. */
function queryOf(select: RuleSelect): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, parameter] of Object.entries(PARAMETERS) as [keyof RuleSelect, string][]) {
    const value = select[key];
    if (value === undefined) continue;
    if (typeof value === "string") query.append(parameter, value);
    else if (REPEATED.has(parameter)) for (const item of value) query.append(parameter, item);
    else if (value.length > 0) query.append(parameter, value.join(","));
  }
  return query;
}

/** The filters of `GET /images` a select means, or its issues at `path`. */
export function selectFilters(
  select: RuleSelect,
  path: string,
): { filters: ImageFilters } | { issues: PolicyIssue[] } {
  try {
    return { filters: parseImageQuery(queryOf(select)).filters };
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    const keyOf = (param: string) =>
      (Object.entries(PARAMETERS).find(([, p]) => p === param)?.[0] as string | undefined) ?? param;
    return {
      issues: error.issues.map((issue) => ({
        path: `${path}.${keyOf(issue.param)}`,
        message: issue.message,
      })),
    };
  }
}

/** `key` or `key:glob` exclusions as a predicate: any one matching excludes. */
export function exclusionFilter(
  policy: LifecyclePolicy,
): { matches: (image: Image) => string | null } | { issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  const properties = policy.exclude.property.map((property, index) => {
    const parsed = selectFilters({ property: [property] }, `exclude.property[${index}]`);
    if ("issues" in parsed) {
      issues.push(
        ...parsed.issues.map((issue) => ({ ...issue, path: `exclude.property[${index}]` })),
      );
      return null;
    }
    return { property, test: imageFilter(parsed.filters) };
  });
  if (issues.length > 0) return { issues };
  const tags = new Set(policy.exclude.tag);
  return {
    matches(image) {
      const tag = image.tags.find((t) => tags.has(t));
      if (tag !== undefined) return `tagged ${tag}`;
      const property = properties.find((p) => p?.test(image) === true);
      return property == null ? null : `property ${property.property}`;
    },
  };
}
