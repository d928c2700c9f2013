import type { GatewayRequest } from "../event.ts";
import type { HttpResponse } from "../response.ts";
import type { Runtime } from "../runtime.ts";

/** What a route handler is given for one request. */
export interface RouteContext {
  readonly request: GatewayRequest;
  /** Fields for the request's log line; a route adds what it found (matched rows, cache hits). */
  readonly log: Record<string, unknown>;
  /** Epoch ms by which the answer must be ready (a 504 problem otherwise). */
  readonly deadline: number;
  readonly runtime: () => Promise<Runtime>;
  readonly now: () => number;
}

export type RouteHandler = (context: RouteContext) => Promise<HttpResponse>;

/** `Cache-Control` of a data answer: the live list's cache time, at most five minutes. */
export function cacheControl(runtime: Runtime): string {
  return `private, max-age=${Math.min(runtime.config.cacheTtlS, 300)}`;
}
