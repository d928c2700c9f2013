import * as z from "zod";
import type { ListingFilters } from "../client/image-client.ts";
import { type InputIssue, QueryError } from "../errors.ts";
import type { FamilyRow } from "../schemas/family-row.ts";
import { type CursorPosition, encodeCursor, resumeCursor } from "./cursor.ts";
import { compareFamilyRows } from "./family-tally.ts";
import type { Glob } from "./glob.ts";
import {
  DEFAULT_LIMIT,
  IMAGE_QUERY_PARAMETERS,
  type OutputFormat,
  outputFormat,
  pageLimit,
} from "./params.ts";
import { compileGlob } from "./parse.ts";
import { readQuery, routeParameters } from "./read-params.ts";

/** The query parameters of `GET /families`: filters on the rows, `asOf`, paging, format. */
export const FAMILIES_QUERY_PARAMETERS = {
  family: IMAGE_QUERY_PARAMETERS.name.meta({
    description:
      "Case-insensitive glob on the family name (as name on /images): * any run, ? one character, \\ escapes.",
    example: "Ubuntu Server*",
  }),
  region: IMAGE_QUERY_PARAMETERS.region,
  visibility: IMAGE_QUERY_PARAMETERS.visibility.meta({
    description:
      "Comma list of visibilities; a family matches when its row's visibility is any of them.",
    example: "private,shared",
  }),
  asOf: IMAGE_QUERY_PARAMETERS.asOf,
  limit: pageLimit("Families"),
  cursor: z
    .string()
    .max(8 * 1024, "is too long")
    .meta({
      description: "Opaque page.next of the previous page; it carries the filters and asOf.",
    }),
  format: outputFormat,
} as const;

const FAMILIES_ROUTE = routeParameters("/families", FAMILIES_QUERY_PARAMETERS, {
  repeatable: ["region", "visibility"],
});

/** A parsed `GET /families` query. */
export interface FamiliesQuery {
  readonly family: Glob | null;
  readonly region: ReadonlySet<string> | null;
  readonly visibility: ReadonlySet<string> | null;
  readonly asOf: string | null;
  readonly limit: number;
  readonly format: OutputFormat | null;
  /** The last row of the previous page, or null for the first page. */
  readonly after: Pick<FamilyRow, "family" | "region"> | null;
  /** The filters and `asOf` in one text: what a cursor carries and is checked against. */
  readonly canonical: string;
}

/** One page of families. */
export interface FamiliesPage {
  readonly families: FamilyRow[];
  readonly matched: number;
  readonly next: string | null;
}

/**
 * Parses and validates a `GET /families` query. A cursor sent alone continues its query; sent
 * with parameters, they must name the same one.
 *
 * @throws {QueryError} one issue per problem, each naming its parameter.
 */
export function parseFamiliesQuery(input: string | URLSearchParams): FamiliesQuery {
  const issues: InputIssue[] = [];
  const { params, parsed } = readQuery(input, FAMILIES_ROUTE, issues);
  const family = parsed?.family === undefined ? null : compileGlob(parsed.family, "family", issues);
  if (parsed === null || issues.length > 0) throw new QueryError(issues);
  const query: FamiliesQuery = {
    family,
    region: parsed.region === undefined ? null : new Set(parsed.region),
    visibility: parsed.visibility === undefined ? null : new Set(parsed.visibility),
    asOf: parsed.asOf ?? null,
    limit: parsed.limit ?? DEFAULT_LIMIT,
    format: parsed.format ?? null,
    after: null,
    canonical: "",
  };
  const canonical = canonicalText(query);
  if (parsed.cursor === undefined) return { ...query, canonical };

  // Sent alone, the cursor's canonical text is the query; sent with filters, they must be it.
  const sentAlone = [...params.keys()].every((key) => PAGE_PARAMETERS.has(key));
  const { query: restored, after } = resumeCursor(
    parsed.cursor,
    (cursorCanonical, position) => {
      if (typeof position.values[0] !== "string" || position.values.length !== 1) return null;
      return sentAlone ? restore(cursorCanonical) : { ...query, canonical: cursorCanonical };
    },
    (restored) => sentAlone || restored.canonical === canonical,
  );
  return {
    ...restored,
    limit: query.limit,
    format: query.format,
    after: { family: after.values[0] as string, region: after.region as FamilyRow["region"] },
  };
}

const PAGE_PARAMETERS: ReadonlySet<string> = new Set(["limit", "cursor", "format"]);
/** Marks a cursor as one of `/families`, so a cursor of another route is not taken for one. */
const ROUTE_MARK = "families";

function canonicalText(query: FamiliesQuery): string {
  const out = new URLSearchParams({ route: ROUTE_MARK });
  const sorted = (set: ReadonlySet<string> | null) => (set === null ? null : [...set].sort());
  if (query.family !== null) out.set("family", query.family.pattern);
  const region = sorted(query.region);
  if (region !== null) out.set("region", region.join(","));
  const visibility = sorted(query.visibility);
  if (visibility !== null) out.set("visibility", visibility.join(","));
  if (query.asOf !== null) out.set("asOf", query.asOf);
  return out.toString();
}

function restore(canonical: string): FamiliesQuery | null {
  try {
    const params = new URLSearchParams(canonical);
    if (params.get("route") !== ROUTE_MARK || params.has("cursor")) return null;
    params.delete("route");
    const query = parseFamiliesQuery(params);
    return query.canonical === canonical ? query : null;
  } catch {
    return null;
  }
}

/**
 * What a listing may leave upstream for a families query: the regions only — `visibility`
 * selects families by their latest image's visibility, not the images counted.
 */
export function familyListingFilters(query: FamiliesQuery): ListingFilters {
  return {
    region: query.region,
    status: null,
    visibility: null,
    owner: null,
    sizeMin: null,
    sizeMax: null,
  };
}

/** Whether a family's row passes the query's filters. */
export function familyRowFilter(query: FamiliesQuery): (row: FamilyRow) => boolean {
  const { family, region, visibility } = query;
  return (row) =>
    (region === null || region.has(row.region)) &&
    (visibility === null || visibility.has(row.visibility)) &&
    (family === null || family.matches(row.family));
}

/**
 * The page of `query` over every family's row (sorted by family, then region): the rows that
 * pass its filters after its cursor, and the cursor of the next page.
 */
export function familiesPage(rows: readonly FamilyRow[], query: FamiliesQuery): FamiliesPage {
  const matching = rows.filter(familyRowFilter(query));
  const after = query.after;
  const start =
    after === null ? 0 : firstIndexAfter(matching, (row) => compareFamilyRows(row, after) > 0);
  const families = matching.slice(start, start + query.limit);
  const last = families.at(-1);
  const next =
    start + query.limit < matching.length && last !== undefined
      ? encodeCursor({ canonical: query.canonical, after: familyPosition(last) })
      : null;
  return { families, matched: matching.length, next };
}

/** The first index whose row passes `isAfter` (rows are sorted, so a binary search). */
function firstIndexAfter(rows: readonly FamilyRow[], isAfter: (row: FamilyRow) => boolean) {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (isAfter(rows[mid] as FamilyRow)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * A family row's place as a cursor holds it. A row is identified by (family, region): the
 * family rides in the sort values, the region in both the id and the region (an empty family —
 * a nameless image's — could not be an id).
 */
function familyPosition(row: FamilyRow): CursorPosition {
  return { values: [row.family], id: row.region, region: row.region };
}
