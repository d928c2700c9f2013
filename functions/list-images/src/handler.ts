import {
  type Config,
  type CoreLogger,
  type Image,
  type ImageClient,
  type ImageFilters,
  type ImageQuery,
  type ListingFilters,
  parseImageQuery,
  pickImage,
  runQuery,
  startImageClient,
} from "@nhn-images/core";
import { negotiateFormat } from "./accept.ts";
import { type GatewayRequest, parseGatewayEvent } from "./event.ts";
import { ImageListCache } from "./image-cache.ts";
import { parseImageLookup } from "./image-lookup.ts";
import { badEvent, methodNotAllowed, notAcceptable, notFoundRoute, problemFor } from "./problem.ts";
import {
  type HttpResponse,
  notModifiedIfMatching,
  renderJson,
  renderPage,
  renderProblem,
} from "./response.ts";

/** The logging the handler does; Powertools' Logger fits. */
export interface HandlerLogger extends CoreLogger {
  error(message: string, extra: Record<string, unknown>): void;
}

export interface ListImagesDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: HandlerLogger;
  /** Reads an SSM SecureString (the API password when `NHN_API_PASSWORD_PARAM` is set); SSM by default. */
  readonly getSecureString?: (name: string) => Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Runtime {
  readonly config: Config;
  readonly client: ImageClient;
  readonly cache: ImageListCache | null;
}

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
  let runtime: Promise<Runtime> | null = null;
  let openApiBody: HttpResponse | null = null;

  function start(): Promise<Runtime> {
    runtime ??= (async () => {
      const { config, client } = await startImageClient(deps.env, {
        logger,
        now,
        getSecureString: deps.getSecureString,
        fetch: deps.fetch,
        sleep: deps.sleep,
      });
      const cache =
        config.cacheTtlS > 0
          ? new ImageListCache(
              (deadline) => client.listAllImages({ deadline }),
              config.cacheTtlS * 1000,
              now,
            )
          : null;
      return { config, client, cache };
    })();
    // A failed start (SSM throttled, a bad setting) is not kept: the next invocation tries again.
    const starting = runtime;
    starting.catch(() => {
      if (runtime === starting) runtime = null;
    });
    return starting;
  }

  async function listFor(rt: Runtime, query: ImageQuery, deadline: number) {
    if (rt.cache !== null) return rt.cache.get(deadline);
    // No cache: every request lists upstream anyway, so let upstream filter what it can.
    const started = now();
    const images = await rt.client.listAllImages({
      filters: listingFilters(query.filters),
      deadline,
    });
    return { images, fetchedAt: now(), cached: false, upstreamMs: now() - started };
  }

  async function serve(
    request: GatewayRequest,
    log: Record<string, unknown>,
    deadline: number,
  ): Promise<HttpResponse> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return renderProblem(methodNotAllowed(request.method), { allow: "GET, HEAD" });
    }
    const route = routeOf(request);
    if (route?.name === "openapi") {
      // Loaded on first use: building the document (zod-openapi) is off the cold path of /images.
      const { openApiDocument } = await import("./openapi.ts");
      openApiBody ??= renderJson(
        openApiDocument(),
        "public, max-age=3600",
        "application/vnd.oai.openapi+json; charset=utf-8",
      );
      return openApiBody;
    }
    if (route?.name === "list") return listImages(request, log, deadline);
    if (route?.name === "get") return getImage(request, route.id, log, deadline);
    return renderProblem(notFoundRoute(request.path));
  }

  async function listImages(
    request: GatewayRequest,
    log: Record<string, unknown>,
    deadline: number,
  ): Promise<HttpResponse> {
    const query = parseImageQuery(request.rawQuery);
    const format = negotiateFormat(query.format, request.headers.accept);
    if (format === null) return renderProblem(notAcceptable(request.headers.accept ?? ""));
    const rt = await start();
    const list = await listFor(rt, query, deadline);
    const result = runQuery(list.images, query);
    Object.assign(log, {
      matched: result.matched,
      cacheHit: list.cached,
      upstreamMs: list.upstreamMs,
      format,
    });
    return renderPage(
      result,
      query,
      format,
      {
        api: rt.config.apiVersion,
        regions: rt.config.regions,
        fetchedAt: new Date(list.fetchedAt).toISOString(),
        cached: list.cached,
      },
      cacheControl(rt.config),
    );
  }

  async function getImage(
    request: GatewayRequest,
    id: string,
    log: Record<string, unknown>,
    deadline: number,
  ): Promise<HttpResponse> {
    const { region } = parseImageLookup(id, request.rawQuery);
    const rt = await start();
    let image: Image;
    if (rt.cache === null) {
      image = await rt.client.getImage(id, region ?? undefined, { deadline });
      Object.assign(log, { cacheHit: false });
    } else {
      const list = await rt.cache.get(deadline);
      image = pickImage(list.images, id, region);
      Object.assign(log, { cacheHit: list.cached });
    }
    return renderJson(image, cacheControl(rt.config));
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
      response = renderProblem(requestId === null ? problem : { ...problem, requestId });
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

type Route = { name: "list" } | { name: "get"; id: string } | { name: "openapi" };

/**
 * Which of our routes a request is for: by the gateway's route template when it names one of
 * ours, else (a catch-all such as `/{proxy+}` or `$default`) by the path's last segments, so a
 * stage or base-path prefix does not hide it.
 */
function routeOf(request: GatewayRequest): Route | null {
  const template = request.route.replace(/\/+$/, "");
  if (template === "/images") return { name: "list" };
  if (template === "/openapi.json") return { name: "openapi" };
  const id = request.pathParameters.id;
  if (template === "/images/{id}" && id !== undefined) return { name: "get", id };
  const path = request.path.replace(/\/+$/, "");
  if (/(?:^|\/)images$/.test(path)) return { name: "list" };
  if (/(?:^|\/)openapi\.json$/.test(path)) return { name: "openapi" };
  const match = /(?:^|\/)images\/([^/]+)$/.exec(path);
  if (match === null) return null;
  try {
    return { name: "get", id: decodeURIComponent(match[1] as string) };
  } catch {
    return { name: "get", id: match[1] as string };
  }
}

/** What the listing may use upstream: the regions asked for, and what the API can filter. */
function listingFilters(filters: ImageFilters): ListingFilters {
  return {
    region: filters.region,
    status: filters.status,
    visibility: filters.visibility,
    owner: filters.owner,
    sizeMin: filters.sizeMin,
    sizeMax: filters.sizeMax,
  };
}

function cacheControl(config: Config): string {
  return `private, max-age=${Math.min(config.cacheTtlS, 300)}`;
}

/** Name, message and stack for the log; our errors never carry secrets. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error).slice(0, 200) };
  return { name: error.name, message: error.message, stack: error.stack };
}
