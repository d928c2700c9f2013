import type { ApiVersion } from "../config/environment.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";
import type { ListingTarget, UpstreamFilters } from "../upstream/image-api.ts";
import type { ImageWrites } from "./image-writes.ts";

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

/**
 * Reads images, and (v2) makes the only upstream writes this project makes: tags and image
 * deletion ({@link ImageWrites}), which only the lifecycle's apply calls.
 */
export interface ImageClient extends ImageWrites {
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
