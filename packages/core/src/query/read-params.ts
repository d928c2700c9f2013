import * as z from "zod";
import { type InputIssue, QueryError } from "../errors.ts";
import { QUERY_LIMITS } from "./params.ts";

/** A route's parameters, each optional. */
type OptionalShape<P extends Record<string, z.ZodType>> = { [K in keyof P]: z.ZodOptional<P[K]> };

/** The parameters of one route: their schema, and which may be given more than once. */
export interface RouteParameters<P extends Record<string, z.ZodType>> {
  /** The route, for messages: `/images`, `/changes`. */
  readonly route: string;
  /** Strict: an unknown parameter is refused; every parameter optional. */
  readonly schema: z.ZodObject<OptionalShape<P>>;
  /** The parameters' names, and as text for "unknown parameter" messages. */
  readonly known: ReadonlySet<string>;
  readonly knownText: string;
  /** Repeatable parameters whose values are joined into one comma list. */
  readonly repeatable: ReadonlySet<string>;
  /** Repeatable parameters whose every value is one filter (kept as an array). */
  readonly multiValue: ReadonlySet<string>;
}

/** A route's parameters from one zod schema per parameter, made once per route. */
export function routeParameters<P extends Record<string, z.ZodType>>(
  route: string,
  parameters: P,
  options: { repeatable?: Iterable<string>; multiValue?: Iterable<string> } = {},
): RouteParameters<P> {
  const names = Object.keys(parameters);
  const optional = Object.fromEntries(names.map((name) => [name, parameters[name]?.optional()]));
  return {
    route,
    schema: z.strictObject(optional as OptionalShape<P>),
    known: new Set(names),
    knownText: names.join(", "),
    repeatable: new Set(options.repeatable),
    multiValue: new Set(options.multiValue),
  };
}

/**
 * A route's query read into its schema's output. Every problem is added to `issues`: unknown
 * parameters (naming the known ones), repeats of a parameter that is not repeatable, bad
 * values. Returns the parameters as sent, and their values (null when there was any problem).
 *
 * @throws {QueryError} at once, with `issues` so far, for a query string over 8 KiB.
 */
export function readQuery<P extends Record<string, z.ZodType>>(
  input: string | URLSearchParams,
  route: RouteParameters<P>,
  issues: InputIssue[],
): { params: URLSearchParams; parsed: z.output<z.ZodObject<OptionalShape<P>>> | null } {
  const params = queryParams(input);
  if (!(params instanceof URLSearchParams)) throw new QueryError([...issues, params]);
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
    if (!route.known.has(key)) {
      issues.push({
        param: key.slice(0, 64),
        message: `is not a known parameter of ${route.route}; known: ${route.knownText}`,
      });
    } else if (route.multiValue.has(key)) raw[key] = values;
    else if (values.length === 1 || route.repeatable.has(key)) raw[key] = values.join(",");
    else issues.push({ param: key, message: "is given more than once" });
  }
  const result = route.schema.safeParse({ ...raw });
  if (result.success) return { params, parsed: issues.length > 0 ? null : result.data };
  for (const issue of result.error.issues) {
    issues.push({ param: String(issue.path[0] ?? "query"), message: issue.message });
  }
  return { params, parsed: null };
}

/** A query string as parameters, or the issue of one over {@link QUERY_LIMITS}' 8 KiB. */
function queryParams(input: string | URLSearchParams): URLSearchParams | InputIssue {
  if (typeof input !== "string") return input;
  const text = input.startsWith("?") ? input.slice(1) : input;
  const tooLong = queryStringTooLong(text);
  return tooLong ?? new URLSearchParams(text);
}

/**
 * The issue of a query string over {@link QUERY_LIMITS}' 8 KiB, or null: checked before it is
 * parsed, by every route that takes a query.
 */
function queryStringTooLong(text: string): InputIssue | null {
  if (Buffer.byteLength(text, "utf8") <= QUERY_LIMITS.queryStringBytes) return null;
  return {
    param: "query",
    message: `the query string is longer than ${QUERY_LIMITS.queryStringBytes} bytes`,
  };
}
