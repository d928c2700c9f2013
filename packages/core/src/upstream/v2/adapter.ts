import type { JsonResponse, Transport } from "../../client/transport.ts";
import { NhnImagesError, UpstreamAuthError, UpstreamSchemaError } from "../../errors.ts";
import type { CoreLogger } from "../../logger.ts";
import { documentedImageEndpoint, type Region } from "../../regions.ts";
import type { Secret } from "../../secret.ts";
import { parseTimestamp } from "../../timestamp.ts";
import type { ImageFieldReader } from "../field-reader.ts";
import { httpFailure } from "../http-failure.ts";
import type {
  ImageApi,
  IssuedToken,
  ListingTarget,
  ListRequest,
  UpstreamFilters,
  UpstreamPage,
} from "../image-api.ts";
import { parseAt } from "../parse-at.ts";
import { normaliseV2Image } from "./normalise.ts";
import { KeystoneTokenResponse, V2ImageList } from "./schemas.ts";
import { readServiceCatalog } from "./service-catalog.ts";

export interface V2Settings {
  /** Keystone v2 base, ending in `/v2.0`. */
  readonly identityUrl: string;
  /** `NHN_IMAGE_URL`: one image endpoint that overrides the catalog (single region only). */
  readonly imageUrl: string | null;
  readonly regions: readonly Region[];
  /** The projects (tenant ids) to list; empty with a ready token that names none. */
  readonly projects: readonly string[];
  /** NHN Cloud ID and API password, or null with a ready token. */
  readonly login: { readonly username: string; readonly password: Secret } | null;
  readonly fields: ImageFieldReader;
  readonly logger: CoreLogger;
}

/**
 * Glance v2 (NHN's current image API). Tokens are Keystone v2 project-scoped tokens; the image
 * endpoint of each region comes from the token's service catalog (type `image`), else the
 * documented host. Every listing asks `member_status=all` (images shared with the project are
 * listed before the share is accepted) and `visibility=all` (community images too), so every
 * image the project can use is listed. Images hidden with `os_hidden` (an old release kept
 * bootable by id, still billed) are listed apart with `os_hidden=true`: Glance's default list
 * leaves them out (Image API v2, "os_hidden").
 */
export function v2ImageApi(settings: V2Settings): ImageApi {
  const projects: readonly (string | null)[] =
    settings.projects.length === 0 ? [null] : settings.projects;
  const targets = settings.regions.flatMap((region) =>
    projects.map((project) => ({ region, project })),
  );
  const allowHttpCatalog = settings.identityUrl.startsWith("http:");

  return {
    apiVersion: "v2",
    listsInIdOrder: true,
    listsHiddenApart: true,
    targets,

    async issueToken(transport: Transport, project: string | null): Promise<IssuedToken> {
      const login = settings.login;
      if (login === null) throw new NhnImagesError("A ready token is never reissued");
      const forProject = project === null ? "" : ` for project ${project}`;
      const operation = `Keystone token request${forProject}`;
      const response = await transport.requestJson({
        method: "POST",
        url: `${settings.identityUrl}/tokens`,
        body: {
          auth: {
            tenantId: project ?? "",
            passwordCredentials: { username: login.username, password: login.password.reveal() },
          },
        },
        operation,
      });
      if (response.status === 401 || response.status === 403) {
        throw new UpstreamAuthError(
          `Keystone refused the credentials${forProject} (HTTP ${response.status}): check NHN_TENANT_ID, NHN_USERNAME (your NHN Cloud ID) and the API password`,
          { resultCode: null, resultMessage: null, httpStatus: response.status },
        );
      }
      if (response.status >= 400) throw httpFailure(response, operation);
      const body = parseAt(KeystoneTokenResponse, response.body, "");
      const { token, serviceCatalog } = body.access;
      return {
        id: token.id,
        expiresAt: token.expires == null ? null : parseTimestamp(token.expires),
        catalog: readServiceCatalog(serviceCatalog, {
          allowHttp: allowHttpCatalog,
          logger: settings.logger,
        }),
      };
    },

    isAuthFailure: (response: JsonResponse) => response.status === 401,

    authFailure(response: JsonResponse, operation: string): UpstreamAuthError {
      return new UpstreamAuthError(
        `${operation} was refused (HTTP ${response.status}) even with a fresh token`,
        { resultCode: null, resultMessage: null, httpStatus: response.status },
      );
    },

    endpoint(target: ListingTarget, token: IssuedToken): string {
      return (
        settings.imageUrl ??
        token.catalog?.endpoint("image", target.region) ??
        documentedImageEndpoint(target.region)
      );
    },

    pageUrl(endpoint: string, request: ListRequest, marker: string | null): string {
      const query = new URLSearchParams({ limit: String(request.pageSize) });
      pushDown(query, request.filters);
      query.set("member_status", "all");
      if (request.order === "id") {
        query.set("sort_key", "id");
        query.set("sort_dir", "asc");
      }
      // Glance's default list leaves hidden images out; `os_hidden=true` lists only them.
      if (request.hidden === true) query.set("os_hidden", "true");
      if (marker !== null) query.set("marker", marker);
      return `${endpoint}/v2/images?${query}`;
    },

    readPage(response: JsonResponse, _request: ListRequest, operation: string): UpstreamPage {
      if (response.status >= 400) throw httpFailure(response, operation);
      const body = parseAt(V2ImageList, response.body, "");
      if (body.next == null || body.images.length === 0)
        return { images: body.images, nextMarker: null };
      return { images: body.images, nextMarker: markerOf(body.next, operation) };
    },

    normalise: (raw: unknown, path: string, target: ListingTarget) =>
      normaliseV2Image(raw, path, target.region, settings.fields),

    imageUrl: (endpoint: string, id: string) => `${endpoint}/v2/images/${encodeURIComponent(id)}`,

    // Compute-Image API guide: "태그 추가" PUT and "태그 삭제" DELETE /v2/images/{imageId}/tags/{tag}.
    tagUrl: (endpoint: string, id: string, tag: string) =>
      `${endpoint}/v2/images/${encodeURIComponent(id)}/tags/${encodeURIComponent(tag)}`,
  };
}

/**
 * The filters Glance applies exactly as we do: a single status, visibility or owner, and the
 * size bounds. Without a single visibility, `visibility=all` lists community images too.
 */
function pushDown(query: URLSearchParams, filters: UpstreamFilters | null): void {
  const single = (set: ReadonlySet<string> | null | undefined) =>
    set != null && set.size === 1 ? ([...set][0] as string) : null;
  query.set("visibility", single(filters?.visibility) ?? "all");
  const status = single(filters?.status);
  if (status !== null) query.set("status", status);
  const owner = single(filters?.owner);
  if (owner !== null) query.set("owner", owner);
  if (filters?.sizeMin != null) query.set("size_min", String(filters.sizeMin));
  if (filters?.sizeMax != null) query.set("size_max", String(filters.sizeMax));
}

/**
 * The `marker` of Glance's `next` link. Only the marker is taken: the next page is asked with our
 * own parameters on our own endpoint, so a `next` that names another host never receives the
 * token, and one that drops our parameters (NHN's example shows `/v2/images?marker=…` alone)
 * does not change what is listed.
 */
function markerOf(next: string, operation: string): string {
  let marker: string | null = null;
  try {
    marker = new URL(next, "http://next.invalid").searchParams.get("marker");
  } catch {
    marker = null;
  }
  if (marker === null || marker === "") {
    throw new UpstreamSchemaError(`${operation}: upstream's next link names no marker`, [
      { path: "next", message: "no marker" },
    ]);
  }
  return marker;
}
