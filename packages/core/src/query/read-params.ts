import type * as z from "zod";
import type { InputIssue } from "../errors.ts";
import { QUERY_LIMITS } from "./params.ts";

/** The parameters of one route: their schema, and which may be given more than once. */
export interface RouteParameters<Shape extends z.ZodRawShape> {
  /** The route, for messages: `/images`, `/changes`. */
  readonly route: string;
  readonly schema: z.ZodObject<Shape>;
  /** Repeatable parameters whose values are joined into one comma list. */
  readonly repeatable: ReadonlySet<string>;
  /** Repeatable parameters whose every value is one filter (kept as an array). */
  readonly multiValue: ReadonlySet<string>;
}

/**
 * A route's query read into its schema's output. Every problem is added to `issues`: unknown
 * parameters (naming the known ones), repeats of a parameter that is not repeatable, bad
 * values. Returns null when there was any.
 */
export function readParams<Shape extends z.ZodRawShape>(
  params: URLSearchParams,
  route: RouteParameters<Shape>,
  issues: InputIssue[],
): z.output<z.ZodObject<Shape>> | null {
  const known = Object.keys(route.schema.shape);
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = grouped.get(key);
    if (values === undefined) grouped.set(key, [value]);
    else values.push(value);
  }
  // Null prototype, and unknown names refused here: `raw.__proto__ = …` on a plain object would
  // set its prototype, not a key, and `?__proto__=1` would pass unseen.
  const raw: Record<string, string | string[]> = Object.create(null);
  for (const [key, values] of grouped) {
    if (!known.includes(key)) {
      issues.push({
        param: key.slice(0, 64),
        message: `is not a known parameter of ${route.route}; known: ${known.join(", ")}`,
      });
    } else if (route.multiValue.has(key)) raw[key] = values;
    else if (values.length === 1 || route.repeatable.has(key)) raw[key] = values.join(",");
    else issues.push({ param: key, message: "is given more than once" });
  }
  const result = route.schema.safeParse({ ...raw });
  if (result.success) return issues.length > 0 ? null : result.data;
  for (const issue of result.error.issues) {
    issues.push({ param: String(issue.path[0] ?? "query"), message: issue.message });
  }
  return null;
}

/** A query string as parameters, or the issue of one over {@link QUERY_LIMITS}' 8 KiB. */
export function queryParams(input: string | URLSearchParams): URLSearchParams | InputIssue {
  if (typeof input !== "string") return input;
  const text = input.startsWith("?") ? input.slice(1) : input;
  const tooLong = queryStringTooLong(text);
  return tooLong ?? new URLSearchParams(text);
}

/**
 * The issue of a query string over {@link QUERY_LIMITS}' 8 KiB, or null: checked before it is
 * parsed, by every route that takes a query.
 */
export function queryStringTooLong(text: string): InputIssue | null {
  if (Buffer.byteLength(text, "utf8") <= QUERY_LIMITS.queryStringBytes) return null;
  return {
    param: "query",
    message: `the query string is longer than ${QUERY_LIMITS.queryStringBytes} bytes`,
  };
}
