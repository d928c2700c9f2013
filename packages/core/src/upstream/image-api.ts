import type { JsonResponse, Transport } from "../client/transport.ts";
import type { ApiVersion } from "../config/environment.ts";
import type { UpstreamAuthError } from "../errors.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";

/** One listing of images: one project in one region. */
export interface ListingTarget {
  readonly region: Region;
  /** The project (tenant id), or null where the API or the token does not name one (v1). */
  readonly project: string | null;
}

/** A token as issued, and what the issuer said with it. */
export interface IssuedToken {
  readonly id: string;
  /** Epoch ms, or null when upstream did not say. */
  readonly expiresAt: number | null;
  /** The token's service catalog; null where there is none (v1, a ready `NHN_AUTH_TOKEN`). */
  readonly catalog: ServiceCatalog | null;
}

/** The endpoints of a Keystone service catalog. */
export interface ServiceCatalog {
  /** The `publicURL` of the service `type` in `region`, or null when the catalog has none. */
  endpoint(type: string, region: Region): string | null;
}

/**
 * Filters an API may apply upstream, so fewer images cross the wire. The caller applies every
 * filter again, so pushing one down never changes a result, only its cost.
 */
export interface UpstreamFilters {
  readonly status: ReadonlySet<string> | null;
  readonly visibility: ReadonlySet<string> | null;
  readonly owner: ReadonlySet<string> | null;
  readonly sizeMin: number | null;
  readonly sizeMax: number | null;
}

/** What one listing asks upstream for. */
export interface ListRequest {
  /** Images per page (`limit`). */
  readonly pageSize: number;
  /** `id`: ascending id order, for an API that {@link ImageApi.listsInIdOrder}. */
  readonly order: "default" | "id";
  readonly filters: UpstreamFilters | null;
  /** Milliseconds since the epoch by which every request of the listing must be over. */
  readonly deadline?: number | undefined;
  /** The listing of hidden images, for an API that {@link ImageApi.listsHiddenApart}. */
  readonly hidden?: boolean | undefined;
}

/** One page of a listing, before normalisation. */
export interface UpstreamPage {
  readonly images: readonly unknown[];
  /** The `marker` of the next page, or null on the last page. */
  readonly nextMarker: string | null;
}

/**
 * One NHN image API (v1 appkey API or Glance v2) behind the interface the client pages over.
 * Everything that differs between the two lives behind it: tokens, URLs, paging, failure
 * answers and the shape of an image. Nothing outside the adapters asks which API is configured.
 */
export interface ImageApi {
  readonly apiVersion: ApiVersion;
  /** Whether it lists in ascending id order when asked (`order: "id"`). */
  readonly listsInIdOrder: boolean;
  /**
   * Whether hidden images need a listing of their own (Glance leaves `os_hidden` images out of
   * its default list and lists only them with `os_hidden=true`): each target is then listed
   * twice, and the client merges the two.
   */
  readonly listsHiddenApart: boolean;
  /** The listings the configuration asks for: one per (project, region). */
  readonly targets: readonly ListingTarget[];
  /**
   * Issues a token for `project` (null: the API's only scope).
   * @throws {UpstreamAuthError} when the credentials are refused.
   */
  issueToken(transport: Transport, project: string | null): Promise<IssuedToken>;
  /** Whether an answer says the token was refused (a fresh token may help, once). */
  isAuthFailure(response: JsonResponse): boolean;
  /** The error for an answer that refuses even a fresh token. */
  authFailure(response: JsonResponse, operation: string): UpstreamAuthError;
  /** The base URL of the image API for a target (catalog, configured URL or documented host). */
  endpoint(target: ListingTarget, token: IssuedToken): string;
  /** The URL of one page of a listing from `endpoint`; `marker` null for the first page. */
  pageUrl(endpoint: string, request: ListRequest, marker: string | null): string;
  /** Reads the answer to a page request. @throws {UpstreamError} when it is a failure. */
  readPage(response: JsonResponse, request: ListRequest, operation: string): UpstreamPage;
  /** One upstream image as an {@link Image} of the target's region; `path` names it in errors. */
  normalise(raw: unknown, path: string, target: ListingTarget): Image;
  /** The URL of one image from `endpoint`; null for an API with no such call (the client lists). */
  readonly imageUrl: ((endpoint: string, id: string) => string) | null;
  /**
   * The URL of one tag of an image (`PUT` adds it, `DELETE` removes it); null for an API that
   * cannot change images (v1 only reads).
   */
  readonly tagUrl: ((endpoint: string, id: string, tag: string) => string) | null;
}
