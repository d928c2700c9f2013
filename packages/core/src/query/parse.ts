import { type InputIssue, QueryError } from "../errors.ts";
import type { ImageField } from "../schemas/image.ts";
import { type CursorPosition, decodeCursor } from "./cursor.ts";
import { Glob } from "./glob.ts";
import {
  DEFAULT_LIMIT,
  IMAGE_QUERY_PARAMETERS,
  MULTI_VALUE_PARAMETERS,
  type OutputFormat,
  QUERY_LIMITS,
  REPEATABLE_PARAMETERS,
  type SortField,
} from "./params.ts";
import { rangeIssues } from "./range-issues.ts";
import { readQuery, routeParameters } from "./read-params.ts";

export interface SortKey {
  readonly field: SortField;
  readonly direction: "asc" | "desc";
}

export interface PropertyFilter {
  readonly key: string;
  /** null: the property only has to exist. */
  readonly value: Glob | null;
}

/** The filters of a query; null means "not filtered on". Times are RFC 3339 UTC strings. */
export interface ImageFilters {
  readonly status: ReadonlySet<string> | null;
  readonly diskFormat: ReadonlySet<string> | null;
  readonly visibility: ReadonlySet<string> | null;
  readonly protected: boolean | null;
  /** Usage verdicts (`inUse`); an image without usage never matches. */
  readonly inUse: ReadonlySet<string> | null;
  readonly ids: ReadonlySet<string> | null;
  readonly owner: ReadonlySet<string> | null;
  readonly region: ReadonlySet<string> | null;
  /** Exact family names. */
  readonly family: ReadonlySet<string> | null;
  readonly name: Glob | null;
  /** Each glob must match one of the image's tags. */
  readonly tags: readonly Glob[];
  readonly properties: readonly PropertyFilter[];
  readonly fitsDisk: number | null;
  readonly fitsRam: number | null;
  readonly sizeMin: number | null;
  readonly sizeMax: number | null;
  readonly createdSince: string | null;
  readonly createdBefore: string | null;
  readonly updatedSince: string | null;
  readonly updatedBefore: string | null;
}

/** A parsed, validated `GET /images` query. */
export interface ImageQuery {
  readonly filters: ImageFilters;
  /** The requested order; `id:asc` then `region:asc` break ties after it. */
  readonly sort: readonly SortKey[];
  /** The projection, or null for every field. */
  readonly fields: readonly ImageField[] | null;
  readonly limit: number;
  /** Where the previous page ended (from `cursor`), or null for the first page. */
  readonly after: CursorPosition | null;
  /** The requested format, or null to negotiate with `Accept`. */
  readonly format: OutputFormat | null;
  /** `asOf`: answer from the newest snapshot dated on or before this day; null: live. */
  readonly asOf: string | null;
  /**
   * The filters, sort and `asOf` in one canonical text: what a cursor carries and is checked
   * against.
   */
  readonly canonical: string;
}

export const DEFAULT_SORT: readonly SortKey[] = [{ field: "createdAt", direction: "desc" }];

/** Parameters that only shape the page, not which images match or their order. */
const PAGE_PARAMETERS: ReadonlySet<string> = new Set(["limit", "cursor", "fields", "format"]);

/**
 * Parses and validates a `GET /images` query string (or its parameters).
 *
 * Every problem is collected, not only the first: unknown parameters (with the known ones
 * named), bad values, repeats of a parameter that is not repeatable, input over the limits
 * of {@link QUERY_LIMITS}, and a cursor that is not ours or was made for other filters.
 *
 * @throws {QueryError} with one issue per problem, each naming its parameter.
 * @example
 * parseImageQuery("status=active&name=ubuntu*&property=os_distro:ubuntu&sort=name");
 */
export function parseImageQuery(input: string | URLSearchParams): ImageQuery {
  const issues: InputIssue[] = [];
  const { params, parsed } = readQuery(input, IMAGES_ROUTE, issues);
  const name = parsed?.name === undefined ? null : compileGlob(parsed.name, "name", issues);
  const tags = (parsed?.tag ?? []).map((text) => compileGlob(text, "tag", issues));
  const properties = (parsed?.property ?? []).map((text) => propertyFilter(text, issues));
  if (parsed !== null) issues.push(...rangeIssues(parsed));
  if (parsed === null || issues.length > 0) throw new QueryError(issues);

  let filters: ImageFilters = {
    status: setOrNull(parsed.status),
    diskFormat: setOrNull(parsed.diskFormat),
    visibility: setOrNull(parsed.visibility),
    protected: parsed.protected ?? null,
    inUse: setOrNull(parsed.inUse),
    ids: setOrNull(parsed.id),
    owner: setOrNull(parsed.owner),
    region: setOrNull(parsed.region),
    family: setOrNull(parsed.family),
    name,
    tags: tags.filter((t): t is Glob => t !== null),
    properties: properties.filter((p): p is PropertyFilter => p !== null),
    fitsDisk: parsed.fitsDisk ?? null,
    fitsRam: parsed.fitsRam ?? null,
    sizeMin: parsed.sizeMin ?? null,
    sizeMax: parsed.sizeMax ?? null,
    createdSince: parsed.createdSince ?? null,
    createdBefore: parsed.createdBefore ?? null,
    updatedSince: parsed.updatedSince ?? null,
    updatedBefore: parsed.updatedBefore ?? null,
  };
  let sort: readonly SortKey[] = parsed.sort ?? DEFAULT_SORT;
  let asOf = parsed.asOf ?? null;
  let canonical = canonicalText(filters, sort, asOf);
  let after: CursorPosition | null = null;

  if (parsed.cursor !== undefined) {
    const state = decodeCursor(parsed.cursor);
    const shapesResult = [...params.keys()].some((key) => !PAGE_PARAMETERS.has(key));
    if (state === null) {
      issues.push({
        param: "cursor",
        message: "is not a cursor this API issued (cut, edited or from elsewhere)",
      });
    } else if (shapesResult && state.canonical !== canonical) {
      issues.push({
        param: "cursor",
        message:
          "was made with different filters or sort: send the cursor alone, or with the same filters and sort",
      });
    } else {
      const restored = shapesResult
        ? { filters, sort, asOf }
        : restoreFromCanonical(state.canonical);
      if (restored === null || state.after.values.length !== restored.sort.length) {
        issues.push({
          param: "cursor",
          message: "is not a cursor this API issued (cut, edited or from elsewhere)",
        });
      } else {
        filters = restored.filters;
        sort = restored.sort;
        asOf = restored.asOf;
        canonical = state.canonical;
        after = state.after;
      }
    }
    if (issues.length > 0) throw new QueryError(issues);
  }

  return {
    filters,
    sort,
    fields: parsed.fields === undefined ? null : [...new Set(parsed.fields)],
    limit: parsed.limit ?? DEFAULT_LIMIT,
    after,
    format: parsed.format ?? null,
    asOf,
    canonical,
  };
}

const IMAGES_ROUTE = routeParameters("/images", IMAGE_QUERY_PARAMETERS, {
  repeatable: REPEATABLE_PARAMETERS,
  multiValue: MULTI_VALUE_PARAMETERS,
});

/** `pattern` compiled, or null with the issue that names `param` added to `issues`. */
export function compileGlob(pattern: string, param: string, issues: InputIssue[]): Glob | null {
  try {
    return Glob.compile(pattern);
  } catch (error) {
    issues.push({ param, message: (error as Error).message });
    return null;
  }
}

function propertyFilter(text: string, issues: InputIssue[]): PropertyFilter | null {
  const colon = text.indexOf(":");
  const key = colon < 0 ? text : text.slice(0, colon);
  if (key === "") {
    issues.push({ param: "property", message: "needs a key: key or key:glob" });
    return null;
  }
  if (colon < 0) return { key, value: null };
  const value = text.slice(colon + 1);
  if (value.length > QUERY_LIMITS.globLength) {
    issues.push({
      param: "property",
      message: `glob must be at most ${QUERY_LIMITS.globLength} characters`,
    });
    return null;
  }
  const glob = compileGlob(value, "property", issues);
  return glob === null ? null : { key, value: glob };
}

function setOrNull(values: readonly string[] | undefined): ReadonlySet<string> | null {
  return values === undefined ? null : new Set(values);
}

/** The filters and sort as a query string in one fixed order, with sets sorted. */
function canonicalText(
  filters: ImageFilters,
  sort: readonly SortKey[],
  asOf: string | null,
): string {
  const out = new URLSearchParams();
  const sorted = (set: ReadonlySet<string> | null) =>
    set === null ? null : [...set].sort().join(",");
  const put = (name: string, value: string | number | boolean | null) => {
    if (value !== null) out.append(name, String(value));
  };
  put("status", sorted(filters.status));
  put("diskFormat", sorted(filters.diskFormat));
  put("visibility", sorted(filters.visibility));
  put("protected", filters.protected);
  put("inUse", sorted(filters.inUse));
  put("id", sorted(filters.ids));
  put("owner", sorted(filters.owner));
  put("region", sorted(filters.region));
  put("family", sorted(filters.family));
  put("name", filters.name?.pattern ?? null);
  for (const tag of filters.tags.map((glob) => glob.pattern).sort()) put("tag", tag);
  for (const property of [...filters.properties].map(propertyText).sort())
    put("property", property);
  put("fitsDisk", filters.fitsDisk);
  put("fitsRam", filters.fitsRam);
  put("sizeMin", filters.sizeMin);
  put("sizeMax", filters.sizeMax);
  put("createdSince", filters.createdSince);
  put("createdBefore", filters.createdBefore);
  put("updatedSince", filters.updatedSince);
  put("updatedBefore", filters.updatedBefore);
  put("sort", sort.map((key) => `${key.field}:${key.direction}`).join(","));
  put("asOf", asOf);
  return out.toString();
}

function propertyText(filter: PropertyFilter): string {
  return filter.value === null ? filter.key : `${filter.key}:${filter.value.pattern}`;
}

function restoreFromCanonical(
  canonical: string,
): { filters: ImageFilters; sort: readonly SortKey[]; asOf: string | null } | null {
  try {
    const params = new URLSearchParams(canonical);
    if (params.has("cursor")) return null;
    const query = parseImageQuery(params);
    return query.canonical === canonical
      ? { filters: query.filters, sort: query.sort, asOf: query.asOf }
      : null;
  } catch {
    return null;
  }
}
