import type { ListImagesDependencies } from "./dependencies.ts";
import { type GatewayRequest, parseGatewayEvent } from "./event.ts";
import {
  badEvent,
  methodNotAllowed,
  notFoundRoute,
  type Problem,
  problemFor,
  withRequestId,
} from "./problem.ts";
import { type HttpResponse, notModifiedIfMatching, renderJson, renderProblem } from "./response.ts";
import { routeOf } from "./route-of.ts";
import { listFamilies } from "./routes/families.ts";
import { getImage } from "./routes/get-image.ts";
import { getLatestImage } from "./routes/latest-image.ts";
import { listImages } from "./routes/list-images.ts";
import type { RouteContext } from "./routes/route-context.ts";
import { runtimeStarter } from "./runtime.ts";

export type { HandlerLogger, ListImagesDependencies } from "./dependencies.ts";

/** The Lambda's invocation context, as far as the handler reads it. */
export interface InvocationContext {
  readonly awsRequestId?: string;
  /** Milliseconds before Lambda stops the invocation. */
  getRemainingTimeInMillis?(): number;
}

/**
 * Time kept back from the invocation's remaining time to answer the 504 problem and log it.
 * API Gateway gives up at 30 s whatever the Lambda's timeout, so the deadline is never later.
 */
const DEADLINE_MARGIN_MS = 1_000;
const GATEWAY_TIMEOUT_MS = 30_000;

/**
 * Builds the `list-images` handler. Configuration is read once per container, on the first
 * invocation; the upstream list is then cached for `IMAGES_CACHE_TTL_S`.
 */
export function createListImagesHandler(deps: ListImagesDependencies) {
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const runtime = runtimeStarter(deps, now);
  let openApiBody: HttpResponse | null = null;

  async function serve(
    request: GatewayRequest,
    log: Record<string, unknown>,
    deadline: number,
  ): Promise<HttpResponse> {
    const identified = (problem: Problem) => withRequestId(problem, request.requestId ?? null);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return renderProblem(identified(methodNotAllowed(request.method)), { allow: "GET, HEAD" });
    }
    const route = routeOf(request);
    const context: RouteContext = { request, log, deadline, runtime, now };
    switch (route?.name) {
      case "list":
        return listImages(context);
      case "get":
        return getImage(context, route.id);
      case "latest":
        return getLatestImage(context);
      case "families":
        return listFamilies(context);
      // The history routes, and the inventory they read, are loaded on their first request.
      case "history":
        return (await import("./routes/image-history.ts")).imageHistory(context, route.id);
      case "snapshots":
        return (await import("./routes/snapshots.ts")).listSnapshots(context);
      case "changes":
        return (await import("./routes/changes.ts")).listChanges(context);
      case "openapi": {
        // Loaded on first use: building the document (zod-openapi) is off the cold path of /images.
        const { openApiDocument } = await import("./openapi.ts");
        openApiBody ??= renderJson(
          openApiDocument(),
          "public, max-age=3600",
          "application/vnd.oai.openapi+json; charset=utf-8",
        );
        return openApiBody;
      }
      default:
        return renderProblem(identified(notFoundRoute(request.path)));
    }
  }

  async function handle(event: unknown, context?: InvocationContext): Promise<HttpResponse> {
    const started = now();
    const remaining = context?.getRemainingTimeInMillis?.() ?? GATEWAY_TIMEOUT_MS;
    const deadline = started + Math.min(remaining, GATEWAY_TIMEOUT_MS) - DEADLINE_MARGIN_MS;
    const request = parseGatewayEvent(event);
    const requestId = request?.requestId ?? context?.awsRequestId ?? null;
    const log: Record<string, unknown> = {
      requestId,
      route: request?.route,
      query: request?.rawQuery.slice(0, 2048),
    };
    let response: HttpResponse;
    try {
      response = request === null ? renderProblem(badEvent()) : await serve(request, log, deadline);
      if (request !== null)
        response = notModifiedIfMatching(response, request.headers["if-none-match"]);
    } catch (error) {
      const problem = problemFor(error);
      if (problem.status >= 500) {
        logger.error("Request failed", { ...log, error: describe(error) });
      }
      response = renderProblem(withRequestId(problem, requestId));
    }
    if (request?.method === "HEAD") response = { ...response, body: "" };
    logger.info("Request served", {
      ...log,
      status: response.statusCode,
      durationMs: now() - started,
    });
    return response;
  }

  /** Never throws: API Gateway would turn a thrown error into a bare 502 with no problem. */
  return async function handler(
    event: unknown,
    context?: InvocationContext,
  ): Promise<HttpResponse> {
    try {
      return await handle(event, context);
    } catch (error) {
      return renderProblem(problemFor(error));
    }
  };
}

/** Name, message and stack for the log; our errors never carry secrets. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error).slice(0, 200) };
  return { name: error.name, message: error.message, stack: error.stack };
}
