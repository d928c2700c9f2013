import { NhnImagesError } from "../errors.ts";
import type { CoreLogger } from "../logger.ts";
import type { Region } from "../regions.ts";
import { httpFailure } from "../upstream/http-failure.ts";
import type { IssuedToken } from "../upstream/image-api.ts";
import { readVolumesPage } from "../upstream/usage/block-storage-volumes.ts";
import { readServersPage } from "../upstream/usage/compute-servers.ts";
import {
  NKS_HEADERS,
  readClusters,
  readNodeGroups,
} from "../upstream/usage/kubernetes-node-groups.ts";
import { type UsageService, usageEndpoint } from "../upstream/usage/usage-endpoints.ts";
import {
  type NodeGroupReference,
  type RegionEvidence,
  type RegionListings,
  regionEvidence,
  type ServerReference,
  type VolumeReference,
} from "../usage/usage-evidence.ts";
import { PagingGuard } from "./paging-guard.ts";
import type { JsonResponse } from "./transport.ts";

/** Servers and volumes per page (`limit`): the Block-Storage guide's maximum. */
export const USAGE_PAGE_SIZE = 1000;
/** A gap's description is cut to this: it reaches every image's `reason`. */
const MAX_GAP_TEXT = 300;

/** How usage listings reach upstream: the image client's token, transport, limits and scrubber. */
export interface UsageRequests {
  /** The project's token (for its service catalog). */
  token(project: string): Promise<IssuedToken>;
  /** GET `url` with the project's token; one fresh token and one more try on an auth failure. */
  get(
    project: string,
    url: string,
    operation: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<JsonResponse>;
  readonly maxPages: number;
  readonly logger: CoreLogger;
  /** Removes every live secret from a text that leaves the client (a gap's description). */
  scrub(text: string): string;
}

/**
 * Everything usage needs from one region, over every listed project, the three kinds of
 * listing at once, every item kept as it arrives. A listing that fails (no permission, a failure that outlasted the retries, a
 * body of the wrong shape) does not fail the call: it becomes a gap, and the region's
 * unreferenced images become `unknown`, saying why. Only a cancelled call (the caller failed or
 * gave up) fails.
 */
export async function listRegionUsage(
  region: Region,
  projects: readonly string[],
  requests: UsageRequests,
  signal?: AbortSignal,
): Promise<RegionListings> {
  const servers: ServerReference[] = [];
  const volumes: VolumeReference[] = [];
  const nodeGroups: NodeGroupReference[] = [];
  const gaps: string[] = [];

  // Items are kept as they arrive: what a failed listing saw before failing is still evidence.
  const attempt = async (what: string, project: string, list: () => Promise<void>) => {
    try {
      await list();
    } catch (error) {
      if (signal?.aborted || !(error instanceof NhnImagesError)) throw error;
      const gap = requests.scrub(
        `${what} of project ${project} could not be listed: ${error.message}`,
      );
      const cut = gap.length > MAX_GAP_TEXT ? `${gap.slice(0, MAX_GAP_TEXT - 1)}…` : gap;
      requests.logger.warn("A usage listing failed; unreferenced images here are unknown", {
        region,
        project,
        listing: what,
        error: cut,
      });
      gaps.push(cut);
    }
  };

  await Promise.all(
    projects.flatMap((project) => {
      const endpoint = async (service: UsageService) =>
        usageEndpoint(service, region, project, (await requests.token(project)).catalog);
      const where = `${region}, project ${project}`;
      /** A `limit`/`marker` listing at `path` of the service's endpoint, kept in `into`. */
      const byMarker = <T extends { readonly id: string }>(
        what: "servers" | "volumes",
        service: "compute" | "volumev2",
        path: string,
        read: (body: unknown) => T[],
        into: T[],
      ) =>
        attempt(what, project, async () => {
          const base = await endpoint(service);
          if (base === null) throw new NhnImagesError(`no ${service} endpoint for ${region}`);
          const url = (marker: string | null) => `${base}/${path}?${markerQuery(marker)}`;
          await listByMarker(url, read, `${what} list (${where})`, project, requests, into);
        });
      return [
        byMarker("servers", "compute", "servers/detail", readServersPage, servers),
        byMarker("volumes", "volumev2", "volumes/detail", readVolumesPage, volumes),
        attempt("NKS node groups", project, async () => {
          const base = await endpoint("kubernetes");
          // NKS is documented in KR1, KR2 and KR3: a region where neither NHN's documents nor the
          // catalog name it (JP1) has no NKS, so no node group can use an image there. Compute
          // and block storage are documented everywhere: their missing endpoint is a gap.
          if (base === null) return;
          await listNodeGroups(base, `NKS (${where})`, project, requests, nodeGroups);
        }),
      ];
    }),
  );
  return { region, servers, volumes, nodeGroups, gaps };
}

function markerQuery(marker: string | null): URLSearchParams {
  const query = new URLSearchParams({ limit: String(USAGE_PAGE_SIZE) });
  if (marker !== null) query.set("marker", marker);
  return query;
}

/**
 * Every item of a `limit`/`marker` listing. The guides disagree on whether the page starts at
 * the marker (Compute-Instance: "marker로 지정된 인스턴스부터") or after it (Block-Storage:
 * "marker로 지정된 블록 스토리지 이후부터"): a page that starts with its marker has it dropped,
 * so either way each item is read once. Neither guide says a short page is the last, so the
 * listing ends at the first page with nothing new: one more request, and no server missed (a
 * missed server could make an image look unused). Bounded like image listings: at most
 * `NHN_MAX_PAGES` pages, never the same marker twice, never more items than asked.
 */
async function listByMarker<T extends { readonly id: string }>(
  url: (marker: string | null) => string,
  read: (body: unknown) => T[],
  operation: string,
  project: string,
  requests: UsageRequests,
  items: T[],
): Promise<void> {
  const guard = new PagingGuard(requests.maxPages, operation);
  let marker: string | null = null;
  for (;;) {
    const response = await requests.get(project, url(marker), operation);
    if (response.status >= 400) throw httpFailure(response, operation);
    const page = read(response.body);
    guard.checkSize(page.length, USAGE_PAGE_SIZE, "items");
    const fresh: T[] = marker !== null && page[0]?.id === marker ? page.slice(1) : page;
    for (const item of fresh) items.push(item);
    const last: T | undefined = fresh[fresh.length - 1];
    if (last === undefined) return;
    guard.next(last.id);
    marker = last.id;
  }
}

/** Every node group of every cluster of one project (NKS documents no paging for either). */
async function listNodeGroups(
  base: string,
  operation: string,
  project: string,
  requests: UsageRequests,
  into: NodeGroupReference[],
): Promise<void> {
  const clusters = await requests.get(
    project,
    `${base}/v1/clusters`,
    `${operation} cluster list`,
    NKS_HEADERS,
  );
  if (clusters.status >= 400) throw httpFailure(clusters, `${operation} cluster list`);
  await Promise.all(
    readClusters(clusters.body).map(async (cluster) => {
      const what = `${operation} node group list of cluster ${cluster}`;
      const url = `${base}/v1/clusters/${encodeURIComponent(cluster)}/nodegroups`;
      const response = await requests.get(project, url, what, NKS_HEADERS);
      if (response.status >= 400) throw httpFailure(response, what);
      for (const group of readNodeGroups(response.body)) into.push(group);
    }),
  );
}

/** The evidence of every region in `regions`, the regions listed at once. */
export async function listUsageEvidence(
  regions: readonly Region[],
  projects: readonly string[],
  requests: UsageRequests,
  signal?: AbortSignal,
): Promise<Map<Region, RegionEvidence>> {
  const listings = await Promise.all(
    regions.map((region) => listRegionUsage(region, projects, requests, signal)),
  );
  return new Map(listings.map((listing) => [listing.region, regionEvidence(listing)]));
}
