import {
  ConfigError,
  ImageConflictError,
  ImageNotFoundError,
  type InputIssue,
  NoMatchingImageError,
  QueryError,
  UpstreamError,
  UpstreamLimitError,
  UpstreamNetworkError,
  UpstreamSchemaError,
  UpstreamTimeoutError,
} from "@nhn-images/core";
import {
  InventoryReadError,
  SnapshotNotFoundError,
  SnapshotUnreadableError,
} from "@nhn-images/inventory/errors";
import { NotAcceptableError } from "./accept.ts";
import { InventoryNotConfiguredError, InventoryTimeoutError } from "./inventory-errors.ts";

/** An RFC 9457 problem, as the API answers it. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly issues?: readonly InputIssue[];
  readonly resultCode?: number | null;
  readonly resultMessage?: string | null;
  readonly requestId?: string;
  /** On a snapshot that cannot be read: its date. */
  readonly snapshotDate?: string;
}

const type = (name: string) => `urn:nhn-images:problem:${name}`;

export const notFoundRoute = (path: string): Problem => ({
  type: type("not-found"),
  title: "Not Found",
  status: 404,
  detail: `No route for ${path.slice(0, 200)}: the API serves /images, /images/latest, /images/{id}, /images/{id}/history, /families, /snapshots, /changes and /openapi.json`,
});

export const methodNotAllowed = (method: string): Problem => ({
  type: type("method-not-allowed"),
  title: "Method Not Allowed",
  status: 405,
  detail: `${method.slice(0, 16)} is not allowed: the API is read-only (GET)`,
});

export const notAcceptable = (accept: string): Problem => ({
  type: type("not-acceptable"),
  title: "Not Acceptable",
  status: 406,
  detail: `None of ${accept.slice(0, 200)} can be served: application/json, application/x-ndjson or text/csv`,
});

export const badEvent = (): Problem => ({
  type: type("bad-request"),
  title: "Bad Request",
  status: 400,
  detail: "The event is not an API Gateway HTTP API (2.0) or REST API (1.0) request",
});

/** The problem with the request's id, which every problem carries when the request has one. */
export function withRequestId(problem: Problem, requestId: string | null): Problem {
  return requestId === null ? problem : { ...problem, requestId };
}

/**
 * The one place where errors become HTTP. Everything unexpected is a 500 that says nothing
 * of its cause: the stack and message go to the log only.
 */
export function problemFor(error: unknown): Problem {
  if (error instanceof QueryError) {
    return {
      type: type("invalid-query"),
      title: "Invalid query",
      status: 400,
      detail: error.issues.map((i) => `${i.param}: ${i.message}`).join("; "),
      issues: error.issues,
    };
  }
  if (error instanceof NotAcceptableError) return notAcceptable(error.accept);
  const inventoryProblem = problemForInventory(error);
  if (inventoryProblem !== null) return inventoryProblem;
  if (error instanceof ImageNotFoundError) {
    return {
      type: type("image-not-found"),
      title: "Image not found",
      status: 404,
      detail: error.message,
    };
  }
  if (error instanceof NoMatchingImageError) {
    return {
      type: type("no-matching-image"),
      title: "No image matches",
      status: 404,
      detail: error.message,
    };
  }
  if (error instanceof ImageConflictError) {
    return {
      type: type("image-ambiguous"),
      title: "Image id in several regions",
      status: 409,
      detail: `${error.message} (?region=${error.regions[0] ?? "KR1"})`,
    };
  }
  if (error instanceof UpstreamTimeoutError) {
    return {
      type: type("upstream-timeout"),
      title: "NHN Cloud did not answer in time",
      status: 504,
      detail: error.message,
    };
  }
  if (error instanceof UpstreamError) {
    return {
      type: type("upstream-error"),
      title: "NHN Cloud answered with an error",
      status: 502,
      detail: error.message,
      resultCode: error.resultCode,
      resultMessage: error.resultMessage,
    };
  }
  if (
    error instanceof UpstreamNetworkError ||
    error instanceof UpstreamSchemaError ||
    error instanceof UpstreamLimitError
  ) {
    return {
      type: type("upstream-error"),
      title: "NHN Cloud could not be read",
      status: 502,
      detail: error.message,
      resultCode: null,
      resultMessage: null,
    };
  }
  if (error instanceof ConfigError) {
    return {
      type: type("misconfigured"),
      title: "Service misconfigured",
      status: 500,
      detail: "The service is misconfigured; its log names the setting",
    };
  }
  return {
    type: type("internal"),
    title: "Internal error",
    status: 500,
    detail: "An unexpected error occurred",
  };
}

/** The problems of reading the inventory (`asOf` and the history routes), or null. */
function problemForInventory(error: unknown): Problem | null {
  if (error instanceof SnapshotNotFoundError) {
    return {
      type: type("snapshot-not-found"),
      title: "No such snapshot",
      status: 404,
      detail: error.message,
    };
  }
  if (error instanceof SnapshotUnreadableError) {
    return {
      type: type("snapshot-unreadable"),
      title: "A snapshot of the inventory cannot be read",
      status: 502,
      detail: error.message,
      snapshotDate: error.snapshotDate,
    };
  }
  if (error instanceof InventoryReadError) {
    return {
      type: type("inventory-unreadable"),
      title: "The inventory could not be read",
      status: 502,
      detail: error.message,
    };
  }
  if (error instanceof InventoryTimeoutError) {
    return {
      type: type("inventory-timeout"),
      title: "The inventory was not read in time",
      status: 504,
      detail: `${error.message}; the read goes on and a retry may be answered from it`,
    };
  }
  if (error instanceof InventoryNotConfiguredError) {
    return {
      type: type("no-inventory"),
      title: "No inventory",
      status: 501,
      detail: error.message,
    };
  }
  return null;
}
