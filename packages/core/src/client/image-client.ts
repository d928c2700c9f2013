import type { Config } from "../config/config.ts";
import { ImageNotFoundError, NhnImagesError } from "../errors.ts";
import { silentLogger } from "../logger.ts";
import { isWellFormedUnicode } from "../query/case-fold.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";
import { createImageApi } from "../upstream/create-image-api.ts";
import { httpFailure } from "../upstream/http-failure.ts";
import type { ImageApi, IssuedToken, ListingTarget, ListRequest } from "../upstream/image-api.ts";
import { withUsage } from "../usage/attach-usage.ts";
import type { RegionEvidence } from "../usage/usage-evidence.ts";
import { ConcurrencyLimit } from "./concurrency-limit.ts";
import { mergeInIdOrder } from "./id-order-merge.ts";
import type {
  CallOptions,
  ImageClient,
  ListImagesOptions,
  ListingFilters,
} from "./image-client-api.ts";
import { imageWrites } from "./image-writes.ts";
import {
  appendAll,
  describeTarget,
  onePerRegionAndId,
  regionsOf,
  scrubbedPages,
  secretScrubberFor,
} from "./listing-helpers.ts";
import { PagingGuard } from "./paging-guard.ts";
import { pickImage } from "./pick-image.ts";
import { mapWithConcurrency } from "./pool.ts";
import { tokenProviders } from "./token-provider.ts";
import { type JsonResponse, Transport, type TransportOptions } from "./transport.ts";

export type { CallOptions, ImageClient, ListImagesOptions, ListingFilters };

/**
 * Whether a page asked after `marker` lists an image other than the marker's own: a page that
 * does not is past the end (v1 pages start at their marker, Glance's after it).
 */
function bringsAnythingNew(images: readonly unknown[], marker: string): boolean {
  return images.some((raw) => (raw as { id?: unknown } | null)?.id !== marker);
}
export type ImageClientOptions = TransportOptions;

const DEFAULT_PAGE_SIZE = 1000;
const MAX_PAGE_SIZE = 1000;
/** Listings run at once, and image requests in flight: upstream never sees more from a client. */
const LISTING_CONCURRENCY = 4;

/**
 * A typed client for NHN Cloud images over the adapter `config.apiVersion` names, across every
 * configured (project, region): tokens (one per project, cached, single flight), paging, retries
 * and time-outs are written once here, over {@link ImageApi}.
 *
 * @example
 * const client = createImageClient(loadConfig(process.env));
 * const images = await client.listAllImages();
 */
export function createImageClient(config: Config, options: ImageClientOptions = {}): ImageClient {
  const scrubber = secretScrubberFor(config);
  const logger = scrubber.logger(options.logger ?? silentLogger);
  const transport = new Transport(
    { timeoutMs: config.timeoutMs, maxRetries: config.maxRetries },
    { ...options, logger },
  );
  const api = createImageApi(config, logger);
  const tokens = tokenProviders(config, api, transport, scrubber);
  const requests = new ConcurrencyLimit(LISTING_CONCURRENCY);

  /** A request with the project's token; on an auth failure, one fresh token and one more try. */
  async function tokenRequest(
    method: "GET" | "PUT" | "DELETE",
    project: string | null,
    url: (token: IssuedToken) => string,
    operation: string,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<JsonResponse> {
    const provider = tokens(project);
    for (let attempt = 0; ; attempt++) {
      const token = await provider.getToken();
      const response = await requests.run(() =>
        transport.requestJson({
          method,
          url: url(token),
          headers: { ...headers, "x-auth-token": token.id },
          operation,
          signal,
          deadline,
        }),
      );
      if (!api.isAuthFailure(response)) return response;
      if (attempt === 0 && provider.canRefresh) {
        provider.invalidate(token.id);
        continue;
      }
      throw api.authFailure(response, operation);
    }
  }

  /** GET from the target's image endpoint (see {@link tokenRequest}). */
  function authorisedGet(
    url: (endpoint: string) => string,
    target: ListingTarget,
    operation: string,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
  ): Promise<JsonResponse> {
    return tokenRequest(
      "GET",
      target.project,
      (token) => url(api.endpoint(target, token)),
      operation,
      signal,
      deadline,
    );
  }

  /**
   * The usage evidence of `regions` (with `NHN_USAGE=true`), over every configured project.
   * The usage APIs' readers are loaded on the first call: a deployment without usage never
   * evaluates them (a cold start pays for what it lists).
   */
  async function usageEvidence(
    regions: readonly Region[],
    deadline: number | undefined,
    signal?: AbortSignal,
  ): Promise<Map<Region, RegionEvidence>> {
    const { listUsageEvidence } = await import("./usage-listings.ts");
    return listUsageEvidence(
      regions,
      config.projects,
      {
        token: (project) => tokens(project).getToken(),
        get: (project, url, operation, headers) =>
          tokenRequest("GET", project, () => url, operation, signal, deadline, headers),
        maxPages: config.maxPages,
        logger,
        scrub: scrubber.scrub,
      },
      signal,
    );
  }

  /**
   * One listing's pages. The next page is requested before this one is normalised and handed
   * out, so upstream's time overlaps ours (paging is sequential: each page names the next).
   * Paging is bounded: a page with more images than asked, a marker named twice (a `next` that
   * loops, an API that ignores `marker`) or more than `NHN_MAX_PAGES` pages fail the listing.
   */
  async function* listPass(
    target: ListingTarget,
    request: ListRequest,
    signal?: AbortSignal,
    onPage?: (images: number) => void,
  ): AsyncGenerator<Image[]> {
    const operation = `${api.apiVersion} image list (${describeTarget(target)}${request.hidden === true ? ", hidden images" : ""})`;
    const fetchPage = async (marker: string | null) => {
      const response = await authorisedGet(
        (endpoint) => api.pageUrl(endpoint, request, marker),
        target,
        operation,
        signal,
        request.deadline,
      );
      const page = api.readPage(response, request, operation);
      guard.checkSize(page.images.length, request.pageSize, "images");
      return { marker, ...page };
    };
    const guard = new PagingGuard(config.maxPages, operation);
    let pending: ReturnType<typeof fetchPage> | null = fetchPage(null);
    let offset = 0;
    while (pending !== null) {
      const page: Awaited<ReturnType<typeof fetchPage>> = await pending;
      if (page.marker !== null && !bringsAnythingNew(page.images, page.marker)) break;
      guard.next(page.nextMarker);
      pending = page.nextMarker === null ? null : fetchPage(page.nextMarker);
      // Seen when awaited; if the caller stops early, a failed read-ahead is dropped quietly.
      pending?.catch(() => {});
      const images = page.images.map((raw, i) =>
        api.normalise(raw, `images[${offset + i}]`, target),
      );
      offset += images.length;
      onPage?.(page.images.length);
      // NHN's guide words the marker as the first image of the page asked for ("marker로 지정된
      // 이미지부터"); Glance starts after it. Either way the marker's image is listed once.
      if (page.marker !== null && images[0]?.id === page.marker) images.shift();
      if (images.length > 0) yield images;
    }
  }

  function listRequest(listOptions: ListImagesOptions, order: ListRequest["order"]): ListRequest {
    const pageSize = Math.min(
      Math.max(1, listOptions.pageSize ?? DEFAULT_PAGE_SIZE),
      MAX_PAGE_SIZE,
    );
    return {
      pageSize,
      order,
      filters: listOptions.filters ?? null,
      deadline: listOptions.deadline,
    };
  }

  /** The listings of one target: one, or the visible and the hidden images apart (Glance). */
  function passesOf(request: ListRequest): readonly ListRequest[] {
    return api.listsHiddenApart ? [request, { ...request, hidden: true }] : [request];
  }

  /** Every page of one target: each of its listings ({@link passesOf}) in turn. */
  async function* listTarget(
    target: ListingTarget,
    request: ListRequest,
    signal?: AbortSignal,
    onPage?: (images: number) => void,
  ): AsyncGenerator<Image[]> {
    for (const pass of passesOf(request)) yield* listPass(target, pass, signal, onPage);
  }

  function targetsFor(listOptions: ListImagesOptions): readonly ListingTarget[] {
    const regions = listOptions.filters?.region ?? null;
    return regions === null ? api.targets : api.targets.filter((t) => regions.has(t.region));
  }

  const writes = imageWrites(api, scrubber, (method, target, url, operation, deadline) =>
    tokenRequest(
      method,
      target.project,
      (token) => url(api.endpoint(target, token)),
      operation,
      undefined,
      deadline,
    ),
  );

  const client: ImageClient = {
    ...writes,
    apiVersion: api.apiVersion,
    listsInIdOrder: api.listsInIdOrder,
    targets: api.targets,
    usage: config.usage,

    listImages(listOptions = {}) {
      return scrubbedPages(
        scrubber,
        pagesWithUsage(listPages(listOptions), targetsFor(listOptions), listOptions.deadline),
      );
    },

    async listAllImages(listOptions = {}) {
      try {
        return await listAll(listOptions);
      } catch (error) {
        throw scrubber.scrubError(error);
      }
    },

    listImagesInIdOrder(listOptions = {}) {
      if (!api.listsInIdOrder) {
        throw new NhnImagesError(`The ${api.apiVersion} API does not list in id order`);
      }
      const request = listRequest(listOptions, "id");
      const targets = targetsFor(listOptions);
      return scrubbedPages(
        scrubber,
        pagesWithUsage(
          mergeInIdOrder(
            targets.flatMap((target) =>
              passesOf(request).map((pass) =>
                listPass(target, pass, undefined, listOptions.onPage),
              ),
            ),
          ),
          targets,
          listOptions.deadline,
        ),
      );
    },

    async getImage(id, region, callOptions = {}) {
      // No image has an id that cannot be put in a URL (a lone surrogate): nothing to ask.
      if (!isWellFormedUnicode(id)) throw new ImageNotFoundError(id);
      try {
        const targets = api.targets.filter((t) => region === undefined || t.region === region);
        const found = await mapWithConcurrency(targets, LISTING_CONCURRENCY, (target, signal) =>
          findImage(target, id, signal, callOptions.deadline),
        );
        const image = pickImage(found, id);
        if (!config.usage) return image;
        const evidence = await usageEvidence([image.region], callOptions.deadline);
        return withUsage([image], evidence)[0] as Image;
      } catch (error) {
        throw scrubber.scrubError(error);
      }
    },
  };

  async function* listPages(listOptions: ListImagesOptions): AsyncGenerator<Image[]> {
    const request = listRequest(listOptions, "default");
    for (const target of targetsFor(listOptions)) {
      yield* listTarget(target, request, undefined, listOptions.onPage);
    }
  }

  /**
   * The evidence of the targets' regions, listed from now on alongside the images; `stop`
   * cancels what is still running (the images failed, or the caller stopped reading).
   */
  function startUsageEvidence(targets: readonly ListingTarget[], deadline: number | undefined) {
    const controller = new AbortController();
    const evidence = usageEvidence(regionsOf(targets), deadline, controller.signal);
    // Seen when awaited; evidence nobody waits for any more must not be an unhandled rejection.
    evidence.catch(() => {});
    return { evidence, stop: () => controller.abort() };
  }

  /**
   * `pages` with usage added (with `NHN_USAGE=true`): the evidence of the targets' regions is
   * listed while the first pages arrive, and each page waits for it before it is handed out.
   */
  async function* pagesWithUsage(
    pages: AsyncIterable<Image[]>,
    targets: readonly ListingTarget[],
    deadline: number | undefined,
  ): AsyncGenerator<Image[]> {
    if (!config.usage) {
      yield* pages;
      return;
    }
    const { evidence, stop } = startUsageEvidence(targets, deadline);
    try {
      for await (const page of pages) yield withUsage(page, await evidence);
    } finally {
      stop();
    }
  }

  async function listAll(listOptions: ListImagesOptions): Promise<Image[]> {
    const targets = targetsFor(listOptions);
    if (!config.usage) return listAllTargets(targets, listOptions);
    const { evidence, stop } = startUsageEvidence(targets, listOptions.deadline);
    try {
      const images = await listAllTargets(targets, listOptions);
      return withUsage(images, await evidence);
    } finally {
      stop();
    }
  }

  async function listAllTargets(
    targets: readonly ListingTarget[],
    listOptions: ListImagesOptions,
  ): Promise<Image[]> {
    const request = listRequest(listOptions, "default");
    const listings = await mapWithConcurrency(
      targets,
      LISTING_CONCURRENCY,
      async (target, signal) => {
        const images: Image[] = [];
        for await (const page of listTarget(target, request, signal)) appendAll(images, page);
        return images;
      },
    );
    return onePerRegionAndId(targets, listings);
  }

  /** The image in one listing: by its own call where the API has one, else by listing. */
  async function findImage(
    target: ListingTarget,
    id: string,
    signal: AbortSignal,
    deadline: number | undefined,
  ): Promise<Image | null> {
    const imageUrl = api.imageUrl;
    if (imageUrl === null) {
      for await (const page of listTarget(target, listRequest({ deadline }, "default"), signal)) {
        const match = page.find((image) => image.id === id);
        if (match !== undefined) return match;
      }
      return null;
    }
    const operation = `${api.apiVersion} image get (${describeTarget(target)})`;
    const response = await authorisedGet(
      (endpoint) => imageUrl(endpoint, id),
      target,
      operation,
      signal,
      deadline,
    );
    if (response.status === 404) return null;
    if (response.status >= 400) throw httpFailure(response, operation);
    return api.normalise(response.body, "$", target);
  }

  return client;
}
