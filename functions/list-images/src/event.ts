import * as z from "zod";

/** What the handler needs of an API Gateway event, whichever payload version sent it. */
export interface GatewayRequest {
  readonly method: string;
  /** The route template when the gateway gives one (`/images/{id}`), else the path. */
  readonly route: string;
  readonly path: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** The query string, percent-encoded, repeated keys kept. */
  readonly rawQuery: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string | null;
}

const stringRecord = z.record(z.string(), z.string().optional()).nullish();

/** HTTP API, payload format 2.0. */
const HttpApiEvent = z.object({
  version: z.literal("2.0"),
  routeKey: z.string(),
  rawPath: z.string(),
  rawQueryString: z.string().default(""),
  headers: stringRecord,
  pathParameters: stringRecord,
  requestContext: z.object({
    requestId: z.string().optional(),
    http: z.object({ method: z.string() }),
  }),
});

/** REST API (and HTTP API payload 1.0). */
const RestApiEvent = z.object({
  httpMethod: z.string(),
  path: z.string(),
  resource: z.string().nullish(),
  headers: stringRecord,
  multiValueHeaders: z.record(z.string(), z.array(z.string()).optional()).nullish(),
  queryStringParameters: stringRecord,
  multiValueQueryStringParameters: z.record(z.string(), z.array(z.string()).optional()).nullish(),
  pathParameters: stringRecord,
  requestContext: z.object({ requestId: z.string().optional() }).nullish(),
});

/** Parses an API Gateway event (2.0 or 1.0); null when it is neither. */
export function parseGatewayEvent(event: unknown): GatewayRequest | null {
  const v2 = HttpApiEvent.safeParse(event);
  if (v2.success) {
    const e = v2.data;
    const [, routePath] = e.routeKey.split(" ");
    return {
      method: e.requestContext.http.method.toUpperCase(),
      route: e.routeKey === "$default" || routePath === undefined ? e.rawPath : routePath,
      path: e.rawPath,
      pathParameters: defined(e.pathParameters),
      rawQuery: e.rawQueryString,
      headers: lowerCaseKeys(defined(e.headers)),
      requestId: e.requestContext.requestId ?? null,
    };
  }
  const v1 = RestApiEvent.safeParse(event);
  if (v1.success) {
    const e = v1.data;
    return {
      method: e.httpMethod.toUpperCase(),
      route: e.resource ?? e.path,
      path: e.path,
      pathParameters: defined(e.pathParameters),
      // From the event as sent: zod's records drop a "__proto__" key, which must reach the
      // query parser to be refused as unknown.
      rawQuery: restQueryString(event as RawRestQuery),
      headers: lowerCaseKeys(defined(e.headers)),
      requestId: e.requestContext?.requestId ?? null,
    };
  }
  return null;
}

interface RawRestQuery {
  readonly multiValueQueryStringParameters?: unknown;
  readonly queryStringParameters?: unknown;
}

/**
 * REST events carry decoded values; rebuild the query string, repeated keys included, from the
 * event's own records (every own key, "__proto__" too; values that are not strings are skipped).
 */
function restQueryString(event: RawRestQuery): string {
  const params = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  const single = event.queryStringParameters;
  if (typeof multi === "object" && multi !== null) {
    for (const [key, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) continue;
      for (const value of values) if (typeof value === "string") params.append(key, value);
    }
  } else if (typeof single === "object" && single !== null) {
    for (const [key, value] of Object.entries(single))
      if (typeof value === "string") params.append(key, value);
  }
  return params.toString();
}

/** Records keyed by what the client sent have no prototype: a "__proto__" key stays a key. */
function defined(
  record: Record<string, string | undefined> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record ?? {}))
    if (value !== undefined) out[key] = value;
  return out;
}

function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record)) out[key.toLowerCase()] = value;
  return out;
}
