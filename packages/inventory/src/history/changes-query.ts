import {
  calendarDate,
  commaList,
  DEFAULT_LIMIT,
  Glob,
  IMAGE_QUERY_PARAMETERS,
  type ImageField,
  type InputIssue,
  imageFields,
  type OutputFormat,
  outputFormat,
  pageLimit,
  QueryError,
  readQuery,
  routeParameters,
} from "@nhn-images/core";
import * as z from "zod";
import { CHANGE_KINDS, type ChangeKind, type ImageChange } from "../diff/image-change.ts";
import { type HistoryPosition, resumeFromCursor } from "./history-cursor.ts";

/**
 * Fields a change can name: every Image field (`usage` too) but the two that identify it and
 * `family`, which follows the name and is never a change by itself.
 */
export const CHANGEABLE_FIELDS = imageFields(true).filter(
  (field) => field !== "id" && field !== "region" && field !== "family",
) as Exclude<ImageField, "id" | "region" | "family">[];

/** The query parameters of `GET /changes`, one zod schema each (parser and OpenAPI). */
export const CHANGES_QUERY_PARAMETERS = {
  since: calendarDate.meta({
    description: "First snapshot date, YYYY-MM-DD, inclusive. Default: the latest snapshot's date.",
    example: "2026-11-20",
  }),
  until: calendarDate.meta({
    description: "Last snapshot date, YYYY-MM-DD, inclusive. Default: the latest snapshot's date.",
    example: "2026-11-27",
  }),
  change: commaList(
    z.enum(CHANGE_KINDS, { error: `must be one of ${CHANGE_KINDS.join(", ")}` }),
  ).meta({
    description: "Comma list of added, removed, changed; any of them matches.",
    example: "removed,changed",
  }),
  id: IMAGE_QUERY_PARAMETERS.id,
  region: IMAGE_QUERY_PARAMETERS.region,
  name: IMAGE_QUERY_PARAMETERS.name,
  field: commaList(
    z.enum(CHANGEABLE_FIELDS, { error: `must be one of ${CHANGEABLE_FIELDS.join(", ")}` }),
  ).meta({
    description:
      "Comma list of Image fields: only changed rows that changed any of them (properties and tags change as a whole).",
    example: "status,name",
  }),
  limit: pageLimit("Changes"),
  cursor: IMAGE_QUERY_PARAMETERS.cursor,
  format: outputFormat,
} as const;

const CHANGES_ROUTE = routeParameters("/changes", CHANGES_QUERY_PARAMETERS, {
  repeatable: ["change", "id", "region", "field"],
});

/** Which changes a `/changes` query keeps; null: not filtered on. */
export interface ChangeFilters {
  readonly change: ReadonlySet<ChangeKind> | null;
  readonly ids: ReadonlySet<string> | null;
  readonly region: ReadonlySet<string> | null;
  readonly name: Glob | null;
  readonly fields: ReadonlySet<string> | null;
}

/** A parsed, validated `GET /changes` query. */
export interface ChangesQuery {
  /** The window, both inclusive; null: the latest snapshot's date (resolved when run). */
  readonly since: string | null;
  readonly until: string | null;
  readonly filters: ChangeFilters;
  readonly limit: number;
  readonly format: OutputFormat | null;
  /** Where the previous page ended, or null for the first page. */
  readonly after: HistoryPosition | null;
  /** The filters in one canonical text (the window is added when a cursor is made). */
  readonly canonical: string;
}

/** Parameters that only shape the page, not which rows match. */
const PAGE_PARAMETERS = new Set(["limit", "cursor", "format"]);

/**
 * Parses and validates a `GET /changes` query, every problem at once.
 *
 * @throws {QueryError} one issue per problem, each naming its parameter.
 */
export function parseChangesQuery(input: string | URLSearchParams): ChangesQuery {
  const issues: InputIssue[] = [];
  const { params, parsed } = readQuery(input, CHANGES_ROUTE, issues);
  let name: Glob | null = null;
  if (parsed?.name !== undefined) {
    try {
      name = Glob.compile(parsed.name);
    } catch (error) {
      issues.push({ param: "name", message: (error as Error).message });
    }
  }
  // `field` keeps only changed rows: with a `change` that leaves them out it can match nothing.
  if (parsed?.field !== undefined && parsed.change !== undefined) {
    if (!parsed.change.includes("changed")) {
      issues.push({
        param: "field",
        message: `keeps only changed rows, which change=${parsed.change.join(",")} leaves out`,
      });
    }
  }
  if (parsed?.since !== undefined && parsed.until !== undefined && parsed.since > parsed.until) {
    issues.push({ param: "since", message: `is after until (${parsed.until})` });
  }
  if (parsed === null || issues.length > 0) throw new QueryError(issues);

  const set = <T extends string>(values: readonly T[] | undefined) =>
    values === undefined ? null : new Set(values);
  const query: ChangesQuery = {
    since: parsed.since ?? null,
    until: parsed.until ?? null,
    filters: {
      change: set(parsed.change),
      ids: set(parsed.id),
      region: set(parsed.region),
      name,
      fields: set(parsed.field),
    },
    limit: parsed.limit ?? DEFAULT_LIMIT,
    format: parsed.format ?? null,
    after: null,
    canonical: "",
  };
  const canonical = changesCanonical(query, query.since, query.until);
  if (parsed.cursor === undefined) return { ...query, canonical };

  const shaping = [...params.keys()].some((key) => !PAGE_PARAMETERS.has(key));
  const resumed = resumeFromCursor(parsed.cursor, restoreChangesQuery, (restored) => {
    if (!shaping) return true;
    // The window of the cursor is the one its first page resolved: a request may leave it out.
    const since = query.since ?? restored.since;
    const until = query.until ?? restored.until;
    return changesCanonical(query, since, until) === restored.canonical;
  });
  return { ...resumed.query, limit: query.limit, format: query.format, after: resumed.after };
}

/** The query with its window, as one canonical query string: what a cursor carries. */
export function changesCanonical(
  query: Pick<ChangesQuery, "filters">,
  since: string | null,
  until: string | null,
): string {
  const out = new URLSearchParams();
  const put = (name: string, value: ReadonlySet<string> | string | null) => {
    if (value === null) return;
    out.append(name, typeof value === "string" ? value : [...value].sort().join(","));
  };
  put("since", since);
  put("until", until);
  put("change", query.filters.change);
  put("id", query.filters.ids);
  put("region", query.filters.region);
  put("name", query.filters.name?.pattern ?? null);
  put("field", query.filters.fields);
  return out.toString();
}

function restoreChangesQuery(canonical: string): ChangesQuery | null {
  try {
    const params = new URLSearchParams(canonical);
    if (params.has("cursor")) return null;
    const query = parseChangesQuery(params);
    return query.canonical === canonical ? query : null;
  } catch {
    return null;
  }
}

/** The filters of a `/changes` query as one predicate over a snapshot's change rows. */
export function changeFilter(filters: ChangeFilters): (row: ImageChange) => boolean {
  const { change, ids, region, name, fields } = filters;
  return (row) => {
    if (ids !== null && !ids.has(row.id)) return false;
    if (region !== null && !region.has(row.region)) return false;
    if (change !== null && !change.has(row.change)) return false;
    if (fields !== null) {
      if (row.change !== "changed") return false;
      if (!Object.keys(row.fields).some((field) => fields.has(field))) return false;
    }
    if (name !== null && !name.matches(row.name)) return false;
    return true;
  };
}
