import type { Config } from "../config/config.ts";
import type { ApiVersion } from "../config/environment.ts";
import { ImageNotFoundError, NhnImagesError, UpstreamLimitError } from "../errors.ts";
import { silentLogger } from "../logger.ts";
import { isWellFormedUnicode } from "../query/case-fold.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";
import { SecretScrubber } from "../secret-scrubber.ts";
import { createImageApi } from "../upstream/create-image-api.ts";
import { httpFailure } from "../upstream/http-failure.ts";
import type {
  ImageApi,
  IssuedToken,
  ListingTarget,
  ListRequest,
  UpstreamFilters,
} from "../upstream/image-api.ts";
import { withUsage } from "../usage/attach-usage.ts";
import type { RegionEvidence } from "../usage/usage-evidence.ts";
import { ConcurrencyLimit } from "./concurrency-limit.ts";
import { mergeInIdOrder } from "./id-order-merge.ts";
import { PagingGuard } from "./paging-guard.ts";
import { pickImage } from "./pick-image.ts";
import { mapWithConcurrency } from "./pool.ts";
import { tokenProviders } from "./token-provider.ts";
import { type JsonResponse, Transport, type TransportOptions } from "./transport.ts";
import { listUsageEvidence } from "./usage-listings.ts";

/** Filters a listing may use upstream: which regions to list, and what the API can filter. */
export interface ListingFilters extends UpstreamFilters {
  readonly region: ReadonlySet<string> | null;
}

export interface ListImagesOptions {
  /** Images per upstream page (`limit`, at most 1000). */
  readonly pageSize?: number;
  /**
   * Lets the client skip regions and the API filter upstream. Callers still apply every filter
   * to what comes back: the result is the same, only cheaper.
   */
  readonly filters?: ListingFilters;
  /** Milliseconds since the epoch by which the call must be over (see {@link CallOptions}). */
  readonly deadline?: number | undefined;
  /** Called with each upstream page's image count as it arrives (a progress bar's pages). */
  readonly onPage?: ((images: number) => void) | undefined;
}

export interface CallOptions {
  /**
   * Milliseconds since the epoch by which the call must be over, e.g. the invocation's own
   * deadline: no request runs and no retry waits past it; the call fails with an
   * {@link UpstreamTimeoutError} instead.
   */
  readonly deadline?: number | undefined;
}

export interface ImageClient {
  readonly apiVersion: ApiVersion;
  /** Whether {@link listImagesInIdOrder} is available (the API sorts by id upstream). */
  readonly listsInIdOrder: boolean;
  /** The listings the configuration asks for: one per (project, region). */
  readonly targets: readonly ListingTarget[];
  /**
   * Whether images carry `usage` (`NHN_USAGE=true`): every listing and `getImage` then also list
   * the servers, volumes and NKS node groups of the regions they cover, concurrently.
   */
  readonly usage: boolean;
  /** Pages of normalised images, one listing after the other, as upstream orders them. */
  listImages(options?: ListImagesOptions): AsyncIterable<Image[]>;
  /**
   * Every image of every listing, at most four listings at once, each (region, id) once. A
   * listing that fails fails the call, naming its region and project.
   */
  listAllImages(options?: ListImagesOptions): Promise<Image[]>;
  /**
   * Every image in ascending (id, region) order, each once, in batches, streamed as upstream
   * pages arrive. Only when {@link listsInIdOrder}.
   * @throws {UpstreamOrderError} when upstream breaks the order it was asked for.
   */
  listImagesInIdOrder(options?: ListImagesOptions): AsyncIterable<Image[]>;
  /**
   * One image by id, looked for in every configured region (or `region` only).
   * @throws {ImageNotFoundError} when no region has it.
   * @throws {ImageConflictError} when several regions have it and no `region` is given.
   */
  getImage(id: string, region?: Region, options?: CallOptions): Promise<Image>;
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

  /** GET with the project's token; on an auth failure, one fresh token and one more try. */
  async function tokenGet(
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
          method: "GET",
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

  /** GET from the target's image endpoint (see {@link tokenGet}). */
  function authorisedGet(
    url: (endpoint: string) => string,
    target: ListingTarget,
    operation: string,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
  ): Promise<JsonResponse> {
    return tokenGet(
      target.project,
      (token) => url(api.endpoint(target, token)),
      operation,
      signal,
      deadline,
    );
  }

  /** The usage evidence of `regions` (with `NHN_USAGE=true`), over every configured project. */
  function usageEvidence(
    regions: readonly Region[],
    deadline: number | undefined,
    signal?: AbortSignal,
  ): Promise<Map<Region, RegionEvidence>> {
    return listUsageEvidence(
      regions,
      config.projects,
      {
        token: (project) => tokens(project).getToken(),
        get: (project, url, operation, headers) =>
          tokenGet(project, () => url, operation, signal, deadline, headers),
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
  async function* listTarget(
    target: ListingTarget,
    request: ListRequest,
    signal?: AbortSignal,
    onPage?: (images: number) => void,
  ): AsyncGenerator<Image[]> {
    const operation = `${api.apiVersion} image list (${describeTarget(target)})`;
    const fetchPage = async (marker: string | null) => {
      const response = await authorisedGet(
        (endpoint) => api.pageUrl(endpoint, request, marker),
        target,
        operation,
        signal,
        request.deadline,
      );
      const page = api.readPage(response, request, operation);
      if (page.images.length > request.pageSize) {
        throw new UpstreamLimitError(
          `${operation}: upstream answered ${page.images.length} images for a page of at most ${request.pageSize}`,
        );
      }
      return { marker, ...page };
    };
    const guard = new PagingGuard(config.maxPages, operation);
    let pending: ReturnType<typeof fetchPage> | null = fetchPage(null);
    let offset = 0;
    while (pending !== null) {
      const page: Awaited<ReturnType<typeof fetchPage>> = await pending;
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

  function targetsFor(listOptions: ListImagesOptions): readonly ListingTarget[] {
    const regions = listOptions.filters?.region ?? null;
    return regions === null ? api.targets : api.targets.filter((t) => regions.has(t.region));
  }

  const client: ImageClient = {
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
            targets.map((target) => listTarget(target, request, undefined, listOptions.onPage)),
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
    const controller = new AbortController();
    const evidence = usageEvidence(regionsOf(targets), deadline, controller.signal);
    evidence.catch(() => {});
    try {
      for await (const page of pages) yield withUsage(page, await evidence);
    } finally {
      controller.abort();
    }
  }

  async function listAll(listOptions: ListImagesOptions): Promise<Image[]> {
    const targets = targetsFor(listOptions);
    if (!config.usage) return listAllTargets(targets, listOptions);
    const controller = new AbortController();
    const evidence = usageEvidence(regionsOf(targets), listOptions.deadline, controller.signal);
    evidence.catch(() => {});
    try {
      const images = await listAllTargets(targets, listOptions);
      return withUsage(images, await evidence);
    } finally {
      controller.abort();
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

/** A scrubber that knows the configured secrets; the client tells it each token it is issued. */
function secretScrubberFor(config: Config): SecretScrubber {
  const scrubber = new SecretScrubber();
  const { credentials } = config;
  if (credentials.kind === "token") scrubber.add(credentials.token.reveal());
  else if ("reveal" in credentials.password) scrubber.add(credentials.password.reveal());
  return scrubber;
}

/** Pages as `pages` yields them; an error they throw is scrubbed of every live secret first. */
async function* scrubbedPages(
  scrubber: SecretScrubber,
  pages: AsyncIterable<Image[]>,
): AsyncGenerator<Image[]> {
  try {
    yield* pages;
  } catch (error) {
    throw scrubber.scrubError(error);
  }
}

/** "KR1" or "KR1, project 1f0d…": how errors and logs name a listing. */
function describeTarget(target: ListingTarget): string {
  return target.project === null ? target.region : `${target.region}, project ${target.project}`;
}

/** The regions of `targets`, each once, in order. */
function regionsOf(targets: readonly ListingTarget[]): Region[] {
  return [...new Set(targets.map((target) => target.region))];
}

/** Appends without spreading: `push(...page)` overflows the stack on a page of 130,000. */
function appendAll(into: Image[], page: readonly Image[]): void {
  for (const image of page) into.push(image);
}

/**
 * The listings joined, each (region, id) once: the same image listed through two projects of one
 * region is one image (the first project's copy). With one project per region nothing can repeat.
 */
function onePerRegionAndId(
  targets: readonly ListingTarget[],
  listings: readonly Image[][],
): Image[] {
  const all: Image[] = [];
  const regions = new Set(targets.map((t) => t.region));
  if (regions.size === targets.length) {
    for (const listing of listings) appendAll(all, listing);
    return all;
  }
  const seen = new Map<Region, Set<string>>();
  for (const listing of listings) {
    for (const image of listing) {
      let ids = seen.get(image.region);
      if (ids === undefined) {
        ids = new Set();
        seen.set(image.region, ids);
      }
      if (ids.has(image.id)) continue;
      ids.add(image.id);
      all.push(image);
    }
  }
  return all;
}
