import { readFileSync } from "node:fs";
import type { Simulator } from "@nhn-images/simulator";
import { recordingLogger } from "@nhn-images/test-support";
import { createListImagesHandler, type ListImagesDependencies } from "../src/handler.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const HTTP_API_EVENT = fixture("http-api-v2-event.json");
const REST_API_EVENT = fixture("rest-api-v1-event.json");

export interface EventOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
}

/** An HTTP API (2.0) event for `path?query`, built from a real sample. */
export function httpApiEvent(pathAndQuery: string, options: EventOptions = {}) {
  const [path = "/", query = ""] = pathAndQuery.split(/\?(.*)/s);
  const event = JSON.parse(HTTP_API_EVENT);
  const method = options.method ?? "GET";
  const { route, idMatch } = routeOfPath(path);
  event.routeKey = `${method} ${route}`;
  event.requestContext.routeKey = event.routeKey;
  event.requestContext.http.method = method;
  event.requestContext.http.path = path;
  event.rawPath = path;
  event.rawQueryString = query;
  // As API Gateway does: decoded values, repeated keys joined with commas.
  const single: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query))
    single[key] = key in single ? `${single[key]},${value}` : value;
  event.queryStringParameters = query === "" ? undefined : single;
  event.pathParameters = idMatch ? { id: decodeURIComponent(idMatch[1] as string) } : undefined;
  event.headers = { ...event.headers, ...lower(options.headers ?? {}) };
  return event;
}

/** A REST API (1.0) event for `path?query`, built from a real sample. */
export function restApiEvent(pathAndQuery: string, options: EventOptions = {}) {
  const [path = "/", query = ""] = pathAndQuery.split(/\?(.*)/s);
  const event = JSON.parse(REST_API_EVENT);
  const { route, idMatch } = routeOfPath(path);
  event.httpMethod = options.method ?? "GET";
  event.resource = route;
  event.path = path;
  // Null-prototype records, as a parsed JSON event would hold keys such as "__proto__".
  const single: Record<string, string> = Object.create(null);
  const multi: Record<string, string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(query)) {
    single[key] = value;
    multi[key] = [...(Object.hasOwn(multi, key) ? (multi[key] as string[]) : []), value];
  }
  event.queryStringParameters = query === "" ? null : single;
  event.multiValueQueryStringParameters = query === "" ? null : multi;
  event.pathParameters = idMatch ? { id: decodeURIComponent(idMatch[1] as string) } : null;
  event.headers = { ...event.headers, ...(options.headers ?? {}) };
  return event;
}

/** A handler wired to the simulator, with a recording logger and no real waits. */
export function handlerFor(
  sim: Simulator,
  apiVersion: "v1" | "v2",
  extraEnv: Record<string, string> = {},
  overrides: Partial<ListImagesDependencies> = {},
) {
  const logger = recordingLogger();
  const handler = createListImagesHandler({
    env: { ...sim.env(apiVersion), ...extraEnv },
    logger,
    getSecureString: async () => {
      throw new Error("no SSM in tests");
    },
    sleep: async () => {},
    ...overrides,
  });
  return { handler, logs: logger.lines };
}

export function json(response: { body: string }) {
  return JSON.parse(response.body);
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The gateway's route template of a path, and the `{id}` it holds. */
function routeOfPath(path: string): { route: string; idMatch: RegExpExecArray | null } {
  if (path === "/images/latest") return { route: path, idMatch: null };
  const history = /^\/images\/(.+)\/history$/.exec(path);
  if (history !== null) return { route: "/images/{id}/history", idMatch: history };
  const idMatch = /^\/images\/(.+)$/.exec(path);
  return { route: idMatch ? "/images/{id}" : path, idMatch };
}
