import {
  UpstreamError,
  UpstreamLimitError,
  UpstreamNetworkError,
  UpstreamSchemaError,
  UpstreamTimeoutError,
} from "../errors.ts";
import { type CoreLogger, silentLogger } from "../logger.ts";
import { MAX_BODY_BYTES, readBoundedText } from "./bounded-body.ts";

/** What the client needs from the outside world; tests replace any of it. */
export interface TransportOptions {
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Milliseconds since the epoch. */
  readonly now?: (() => number) | undefined;
  /** A number in [0, 1), for back-off jitter. */
  readonly random?: (() => number) | undefined;
  /** Waits `ms` milliseconds (back-off, `Retry-After`). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly logger?: CoreLogger | undefined;
}

export interface TransportSettings {
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

export interface JsonRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Named in logs and errors instead of the URL's query string. */
  readonly operation: string;
  /** Cancels the request and any retry (the caller's other work failed): its reason is thrown. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Milliseconds since the epoch by which the call must be over (the invocation's own deadline):
   * no attempt runs past it and no retry waits past it.
   */
  readonly deadline?: number | undefined;
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  /**
   * Whether an earlier attempt of this request was sent and failed (5xx, 429, network): a
   * `DELETE` answered 404 after a retry may be the first attempt's own work.
   */
  readonly retried?: boolean;
}

const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 5_000;
/** A longer `Retry-After` is not waited for: the caller's own deadline would pass first. */
const RETRY_AFTER_CAP_MS = 20_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * JSON over HTTP with a per-attempt time-out, and retries with exponential back-off and full
 * jitter on network errors, 5xx and 429 (honouring `Retry-After`). Other statuses are returned
 * to the caller, which knows what a 401 or a 404 means for its call.
 *
 * Nothing upstream sends is trusted: a redirect is never followed (it would carry the token or
 * the password to wherever `Location` points) and is an {@link UpstreamError}; a body is read
 * only up to {@link MAX_BODY_BYTES} decoded bytes; a request's `deadline` bounds every attempt
 * and every wait.
 *
 * A time-out is not retried: an upstream slow enough to miss it is usually overloaded, and the
 * function's own deadline (API Gateway's 29 s) leaves no room for a second full wait.
 */
export class Transport {
  readonly #fetch: typeof globalThis.fetch;
  readonly #random: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #logger: CoreLogger;

  constructor(
    readonly settings: TransportSettings,
    options: TransportOptions = {},
  ) {
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? silentLogger;
  }

  get now(): () => number {
    return this.#now;
  }

  async requestJson(request: JsonRequest): Promise<JsonResponse> {
    for (let attempt = 0; ; attempt++) {
      request.signal?.throwIfAborted();
      const timeoutMs = this.#attemptTimeout(request);
      const outcome = await this.#attempt(request, timeoutMs);
      request.signal?.throwIfAborted();
      const retriesLeft = attempt < this.settings.maxRetries;
      if (outcome.kind === "response") {
        const { status } = outcome;
        if (status >= 300 && status < 400) {
          throw new UpstreamError(
            `${request.operation} failed: upstream answered a redirect (HTTP ${status}), which is never followed`,
            { resultCode: null, resultMessage: null, httpStatus: status },
          );
        }
        const retryable = status === 429 || status >= 500;
        if (!retryable) {
          const body = status < 400 ? outcome.parse() : outcome.parseLeniently();
          return attempt === 0 ? { status, body } : { status, body, retried: true };
        }
        const retryAfterMs = parseRetryAfter(outcome.retryAfter, this.#now());
        if (!retriesLeft || (retryAfterMs !== null && retryAfterMs > RETRY_AFTER_CAP_MS)) {
          throw new UpstreamError(`${request.operation} failed: upstream answered HTTP ${status}`, {
            resultCode: null,
            resultMessage: null,
            httpStatus: status,
          });
        }
        const delay = retryAfterMs ?? this.#backoff(attempt);
        this.#checkDeadline(request, delay, `HTTP ${status}`);
        this.#logger.warn("Retrying upstream call", {
          operation: request.operation,
          httpStatus: status,
          attempt: attempt + 1,
          delayMs: delay,
        });
        await this.#sleep(delay);
        continue;
      }
      if (outcome.kind === "timeout") {
        throw new UpstreamTimeoutError(
          timeoutMs < this.settings.timeoutMs
            ? `${request.operation} was cut off after ${timeoutMs} ms: the invocation's deadline is near`
            : `${request.operation} timed out after ${timeoutMs} ms`,
          timeoutMs,
        );
      }
      if (!retriesLeft) {
        throw new UpstreamNetworkError(`${request.operation} failed: ${outcome.reason}`, {
          cause: outcome.error,
        });
      }
      const delay = this.#backoff(attempt);
      this.#checkDeadline(request, delay, outcome.reason);
      this.#logger.warn("Retrying upstream call", {
        operation: request.operation,
        reason: outcome.reason,
        attempt: attempt + 1,
        delayMs: delay,
      });
      await this.#sleep(delay);
    }
  }

  /** This attempt's time-out: `NHN_TIMEOUT_MS`, or less when the deadline is nearer. */
  #attemptTimeout(request: JsonRequest): number {
    if (request.deadline === undefined) return this.settings.timeoutMs;
    const left = request.deadline - this.#now();
    if (left <= 0) {
      throw new UpstreamTimeoutError(
        `${request.operation} was not started: the invocation's deadline has passed`,
        0,
      );
    }
    return Math.min(this.settings.timeoutMs, left);
  }

  /** A retry that would wait past the deadline is not made: the last failure is a time-out. */
  #checkDeadline(request: JsonRequest, delayMs: number, failure: string): void {
    if (request.deadline === undefined) return;
    const left = request.deadline - this.#now();
    if (delayMs < left) return;
    throw new UpstreamTimeoutError(
      `${request.operation} failed (${failure}) and the invocation's deadline leaves no time to retry`,
      Math.max(0, left),
    );
  }

  #backoff(attempt: number): number {
    return Math.floor(
      this.#random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt + 1)),
    );
  }

  async #attempt(request: JsonRequest, timeoutMs: number): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const headers: Record<string, string> = { accept: "application/json", ...request.headers };
      const signal =
        request.signal === undefined
          ? controller.signal
          : AbortSignal.any([controller.signal, request.signal]);
      // "manual": a 3xx comes back as it is, and nothing is sent to its `Location`.
      const init: RequestInit = { method: request.method, headers, signal, redirect: "manual" };
      if (request.body !== undefined) {
        headers["content-type"] = "application/json";
        init.body = JSON.stringify(request.body);
      }
      const response = await this.#fetch(request.url, init);
      // The body is read inside the same time-out: a slowly dripped body is a time-out too.
      const text = await readBoundedText(response, MAX_BODY_BYTES, request.operation);
      return {
        kind: "response",
        status: response.status,
        retryAfter: response.headers.get("retry-after"),
        // A write's 204 (No Content) has no body to parse.
        parse: () => (response.status === 204 ? null : parseJson(text, request.operation)),
        // An error page need not be JSON: the status says enough.
        parseLeniently: () => {
          try {
            return JSON.parse(text);
          } catch {
            return null;
          }
        },
      };
    } catch (error) {
      if (error instanceof UpstreamLimitError) throw error;
      if (timedOut) return { kind: "timeout" };
      return { kind: "network", reason: describeNetworkError(error), error };
    } finally {
      clearTimeout(timer);
    }
  }
}

type AttemptOutcome =
  | {
      kind: "response";
      status: number;
      retryAfter: string | null;
      parse: () => unknown;
      parseLeniently: () => unknown;
    }
  | { kind: "timeout" }
  | { kind: "network"; reason: string; error: unknown };

function parseJson(text: string, operation: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamSchemaError(
      `${operation}: upstream answered a body that is not JSON`,
      [{ path: "$", message: "malformed JSON" }],
      { cause: error },
    );
  }
}

/** Seconds or an HTTP date, as RFC 9110 allows; `null` when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** A short, secret-free reason: undici puts the real one in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return "network error";
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string"
      ? `${error.message} (${code})`
      : `${error.message} (${cause.message})`;
  }
  return error.message;
}
