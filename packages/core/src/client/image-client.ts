import type { Config } from "../config.ts";
import { ImageNotFoundError, UpstreamAuthError, UpstreamError } from "../errors.ts";
import { ImageNormaliser, parseAt } from "../normalise.ts";
import type { Image } from "../schemas/image.ts";
import { V1ImageList, V2ImageList } from "../schemas/upstream.ts";
import { createTokenProvider, type TokenProvider } from "./token-provider.ts";
import { type JsonResponse, Transport, type TransportOptions } from "./transport.ts";
import { failureFromV1Header, isV1AuthFailure } from "./v1-result.ts";

/**
 * Filters Glance v2 applies itself, so fewer images cross the wire. Ignored over v1, which has
 * no filters: callers filter locally either way, so the result is the same.
 */
export interface V2PushDown {
  /** One status (Glance filters on a single value). */
  readonly status?: string;
  readonly visibility?: "public" | "private" | "shared" | "community" | "all";
  readonly sizeMin?: number;
  readonly sizeMax?: number;
  readonly sortKey?:
    | "name"
    | "status"
    | "disk_format"
    | "size"
    | "id"
    | "created_at"
    | "updated_at";
  readonly sortDir?: "asc" | "desc";
}

export interface ListImagesOptions {
  /** Images per upstream page (v1 `limit`, v2 `limit`, at most 1000). */
  readonly pageSize?: number;
  readonly pushDown?: V2PushDown;
}

export interface ImageClient {
  /** Pages of normalised images, following v1 `limit`/`marker` and v2 `next`. */
  listImages(options?: ListImagesOptions): AsyncIterable<Image[]>;
  /** Every image, in upstream order. */
  listAllImages(options?: ListImagesOptions): Promise<Image[]>;
  /** One image. @throws {ImageNotFoundError} when it does not exist. */
  getImage(id: string): Promise<Image>;
  readonly apiVersion: Config["apiVersion"];
}

export interface ImageClientOptions extends TransportOptions {
  /** Share one token provider between clients (e.g. across warm invocations). */
  readonly tokenProvider?: TokenProvider;
}

const DEFAULT_PAGE_SIZE = 1000;

/** One upstream page before normalisation, and the URL of the next (null on the last). */
interface RawPage {
  readonly images: readonly unknown[];
  readonly next: string | null;
}

/**
 * A typed client for NHN Cloud images over the v1 appkey API or Glance v2, chosen by
 * `config.apiVersion`.
 *
 * @example
 * const client = createImageClient(loadConfig(process.env));
 * for await (const page of client.listImages()) console.log(page.length);
 */
export function createImageClient(config: Config, options: ImageClientOptions = {}): ImageClient {
  const transport = new Transport(
    { timeoutMs: config.timeoutMs, maxRetries: config.maxRetries },
    options,
  );
  const tokens = options.tokenProvider ?? createTokenProvider(config, transport);
  const normaliser = new ImageNormaliser(options.logger);

  /** GET with the token; on an auth failure, one fresh token and one more try. */
  async function authorisedGet(url: string, operation: string): Promise<JsonResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await tokens.getToken();
      const response = await transport.requestJson({
        method: "GET",
        url,
        headers: { "x-auth-token": token },
        operation,
      });
      if (!isAuthFailure(response)) return response;
      if (attempt === 0 && tokens.canRefresh) {
        tokens.invalidate(token);
        continue;
      }
      throw authError(response, operation);
    }
  }

  function isAuthFailure(response: JsonResponse): boolean {
    if (response.status === 401) return true;
    if (config.apiVersion !== "v1" || response.status !== 200) return false;
    const code = v1ResultCode(response.body);
    return code !== null && isV1AuthFailure(code);
  }

  /**
   * Follows the pages from `first`, normalising each. The next page is requested before this
   * one is normalised and handed out, so upstream's time overlaps ours (paging is sequential:
   * each page names the next).
   */
  async function* followPages(
    first: string,
    fetchPage: (url: string) => Promise<RawPage>,
    normalise: (raw: unknown, path: string) => Image,
  ): AsyncGenerator<Image[]> {
    let pending: Promise<RawPage> | null = fetchPage(first);
    let offset = 0;
    while (pending !== null) {
      const page: RawPage = await pending;
      pending = page.next === null ? null : fetchPage(page.next);
      // Seen when awaited; if the caller stops early, a failed read-ahead is dropped quietly.
      pending?.catch(() => {});
      const images = page.images.map((image, i) => normalise(image, `images[${offset + i}]`));
      offset += images.length;
      if (images.length > 0) yield images;
    }
  }

  function listV1(pageSize: number): AsyncGenerator<Image[]> {
    const base = `${config.computeUrl}/v1.0/appkeys/${encodeURIComponent(config.appkey ?? "")}/images`;
    const pageUrl = (marker: string | null) => {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (marker !== null) query.set("marker", marker);
      return `${base}?${query}`;
    };
    const fetchPage = async (url: string): Promise<RawPage> => {
      const response = await authorisedGet(url, "v1 image list");
      if (response.status !== 200) throw httpFailure(response, "v1 image list");
      const body = parseAt(V1ImageList, response.body, "");
      if (!body.header.isSuccessful) throw failureFromV1Header(body.header, "v1 image list");
      const images = body.images ?? [];
      // No `next` in v1: a page shorter than `limit` is the last; the marker is the last id.
      const lastId = (images.at(-1) as { id?: unknown } | undefined)?.id;
      const next = images.length < pageSize || typeof lastId !== "string" ? null : pageUrl(lastId);
      return { images, next };
    };
    return followPages(pageUrl(null), fetchPage, (raw, path) => normaliser.fromV1(raw, path));
  }

  function listV2(pageSize: number, pushDown: V2PushDown): AsyncGenerator<Image[]> {
    const base = `${config.imageUrl}/v2/images`;
    const first = new URLSearchParams({ limit: String(pageSize) });
    if (pushDown.status !== undefined) first.set("status", pushDown.status);
    first.set("visibility", pushDown.visibility ?? "all");
    if (pushDown.sizeMin !== undefined) first.set("size_min", String(pushDown.sizeMin));
    if (pushDown.sizeMax !== undefined) first.set("size_max", String(pushDown.sizeMax));
    if (pushDown.sortKey !== undefined) first.set("sort_key", pushDown.sortKey);
    if (pushDown.sortDir !== undefined) first.set("sort_dir", pushDown.sortDir);
    const fetchPage = async (url: string): Promise<RawPage> => {
      const response = await authorisedGet(url, "v2 image list");
      if (response.status >= 400) throw httpFailure(response, "v2 image list");
      const body = parseAt(V2ImageList, response.body, "");
      const next =
        body.next == null || body.images.length === 0 ? null : nextPageUrl(base, body.next);
      return { images: body.images, next };
    };
    return followPages(`${base}?${first}`, fetchPage, (raw, path) => normaliser.fromV2(raw, path));
  }

  const client: ImageClient = {
    apiVersion: config.apiVersion,
    listImages(listOptions = {}) {
      const pageSize = Math.min(Math.max(1, listOptions.pageSize ?? DEFAULT_PAGE_SIZE), 1000);
      return config.apiVersion === "v1"
        ? listV1(pageSize)
        : listV2(pageSize, listOptions.pushDown ?? {});
    },
    async listAllImages(listOptions) {
      const all: Image[] = [];
      for await (const page of client.listImages(listOptions)) all.push(...page);
      return all;
    },
    async getImage(id) {
      if (config.apiVersion === "v1") {
        // v1 has no single-image call: the guide's only image call is the list.
        for await (const page of client.listImages()) {
          const found = page.find((image) => image.id === id);
          if (found !== undefined) return found;
        }
        throw new ImageNotFoundError(id);
      }
      const response = await authorisedGet(
        `${config.imageUrl}/v2/images/${encodeURIComponent(id)}`,
        "v2 image get",
      );
      if (response.status === 404) throw new ImageNotFoundError(id);
      if (response.status >= 400) throw httpFailure(response, "v2 image get");
      return normaliser.fromV2(response.body, "$");
    },
  };
  return client;
}

/**
 * Glance's `next` is a path such as `/v2/images?marker=…&limit=…`. Only its query is used, on
 * our own base URL: a `next` pointing at another host must never receive our token.
 */
function nextPageUrl(base: string, next: string): string {
  const query = new URL(next, "http://next.invalid").search;
  return `${base}${query}`;
}

function v1ResultCode(body: unknown): number | null {
  if (typeof body !== "object" || body === null) return null;
  const header = (body as { header?: { isSuccessful?: unknown; resultCode?: unknown } }).header;
  if (header === undefined || header.isSuccessful === true || header.isSuccessful === "true")
    return null;
  const code = Number(header.resultCode);
  return Number.isFinite(code) ? code : null;
}

function authError(response: JsonResponse, operation: string): UpstreamAuthError {
  const code = v1ResultCode(response.body);
  const message =
    code === null
      ? `${operation} was refused (HTTP ${response.status}) even with a fresh token`
      : `${operation} was refused (resultCode ${code}) even with a fresh token`;
  return new UpstreamAuthError(message, {
    resultCode: code,
    resultMessage: v1ResultMessage(response.body),
    httpStatus: response.status === 200 ? 401 : response.status,
  });
}

function v1ResultMessage(body: unknown): string | null {
  const header = (body as { header?: { resultMessage?: unknown } } | null)?.header;
  return typeof header?.resultMessage === "string" ? header.resultMessage : null;
}

function httpFailure(response: JsonResponse, operation: string): UpstreamError {
  return new UpstreamError(`${operation} failed with HTTP ${response.status}`, {
    resultCode: null,
    resultMessage: null,
    httpStatus: response.status,
  });
}
