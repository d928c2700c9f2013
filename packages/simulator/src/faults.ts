import type { Region } from "@nhn-images/core";

/** The routes of the simulator, as fault rules and request counters name them. */
export const SIMULATOR_ROUTES = [
  "identity",
  "v1-token",
  "v1-images",
  "v2-images",
  "v2-image",
  "v2-image-tag",
  "v2-image-delete",
  "servers",
  "volumes",
  "clusters",
  "nodegroups",
] as const;
export type SimulatorRoute = (typeof SIMULATOR_ROUTES)[number];

/** What goes wrong with one request. */
export type Fault =
  /** Waits, then answers normally. */
  | { readonly kind: "latency"; readonly ms: number }
  /** Answers this HTTP status with a short JSON error body. */
  | { readonly kind: "status"; readonly status: number }
  /** 429 with `Retry-After` (seconds or an HTTP date). */
  | { readonly kind: "rate-limit"; readonly retryAfter: string }
  /** v1 only: HTTP 200 with `isSuccessful: false` and this result code. */
  | { readonly kind: "v1-failure"; readonly resultCode: number; readonly resultMessage?: string }
  /** A 200 whose body is not JSON. */
  | { readonly kind: "malformed-json" }
  /** Announces the full `Content-Length`, sends half the body, then drops the connection. */
  | { readonly kind: "truncated-body" }
  /** Sends the body in small chunks with a pause between each. */
  | { readonly kind: "drip-body"; readonly chunkDelayMs: number; readonly chunkBytes?: number }
  /** The presented token is treated as expired from now on (v1 resultCode 50401, v2 401). */
  | { readonly kind: "expired-token" }
  /**
   * Never answers, the connection held open: the route has run (a write is applied) and its
   * answer is withheld, as when the caller dies waiting. `onHang` is told when it happens.
   */
  | { readonly kind: "hang"; readonly onHang?: () => void }
  /**
   * Drops the connection without an answer. The route has run by then: a write (tag, delete) is
   * applied and its answer lost, as when a connection breaks after upstream did the work.
   */
  | { readonly kind: "reset" }
  /** v2 only: lists in the default order whatever `sort_key` asks (an upstream that ignores it). */
  | { readonly kind: "ignore-sort" }
  /** Answers a redirect (302 by default) to `location`; a client must never follow it. */
  | { readonly kind: "redirect"; readonly location: string; readonly status?: number }
  /**
   * Lists ignore `marker`: every page is the first, and its `next` names the same marker forever
   * (servers and volumes: the same first page for every marker).
   */
  | { readonly kind: "loop-paging" }
  /** Pads the answer's JSON with `bytes` of spaces, gzip-encoded when `gzip` (a gzip bomb). */
  | { readonly kind: "oversized-body"; readonly bytes: number; readonly gzip?: boolean }
  /**
   * Echoes a secret: the token requests answer a failure whose message quotes the password;
   * v1 lists a failure quoting the token (`result-message`) or an image whose property key is the
   * token, with a value of the wrong type (`property-key`); Glance a 400 quoting the token.
   */
  | { readonly kind: "echo-secret"; readonly via: "result-message" | "property-key" };

/** When a fault applies: to which routes, after how many matching requests, how many times. */
export interface FaultRule {
  readonly fault: Fault;
  /** Routes it applies to; every route when absent. */
  readonly routes?: readonly SimulatorRoute[];
  /** Regions it applies to (v2 image and usage routes); every region when absent. */
  readonly regions?: readonly Region[];
  /** Matching requests let through before the fault starts (e.g. 1: the second page fails). */
  readonly skip?: number;
  /** Matching requests it applies to; every one after `skip` when absent. */
  readonly times?: number;
}

/** The live set of fault rules of a simulator; tests add and clear rules between calls. */
export class FaultPlan {
  readonly #rules: { rule: FaultRule; seen: number }[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): this {
    this.#rules.push({ rule, seen: 0 });
    return this;
  }

  clear(): this {
    this.#rules.length = 0;
    return this;
  }

  /** The faults that apply to this request (counting it against every matching rule). */
  take(route: SimulatorRoute, region: Region | null = null): Fault[] {
    const faults: Fault[] = [];
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (rule.routes !== undefined && !rule.routes.includes(route)) continue;
      if (rule.regions !== undefined && (region === null || !rule.regions.includes(region)))
        continue;
      const position = entry.seen++;
      const skip = rule.skip ?? 0;
      if (position < skip) continue;
      if (rule.times !== undefined && position >= skip + rule.times) continue;
      faults.push(rule.fault);
    }
    return faults;
  }
}
