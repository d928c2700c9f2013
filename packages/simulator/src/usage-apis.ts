import type { IncomingMessage } from "node:http";
import type { Region } from "@nhn-images/core";
import type { RegionEstate, SimulatedServer, SimulatedVolume } from "./estate.ts";
import { type Answer, badRequest, notFound, openStackError } from "./http.ts";
import { DEMO_USER_ID } from "./projects.ts";
import { microsecondsTimestamp, secondsTimestamp, type TokenStore } from "./tokens.ts";
import { projectOf as tokenProject } from "./v2-api.ts";

/*
 * The usage APIs as NHN documents them, field for field after the documents' examples:
 * - Compute-Instance `ko/public-api.md`, "인스턴스 목록 상세 보기": `GET /v2/{tenantId}/servers/detail`,
 *   `limit` and `marker`; the guide words the marker as the first server of the page ("marker로
 *   지정된 인스턴스부터"), so this page starts at it;
 * - Storage-Block-Storage `ko/public-api.md`, "블록 스토리지 상세 목록 보기":
 *   `GET /v2/{tenantId}/volumes/detail`, `limit` (default 1000 again, as the guide reads in
 *   2026: "기본값은 1000으로 설정") and `marker` (the page starts after it);
 * - Container-Kubernetes `ko/public-api.md`: `GET /v1/clusters`, `GET /v1/clusters/{id}/nodegroups`.
 * A server booted from a volume answers `"image": ""`, as upstream OpenStack does.
 */

/** Compute's default page (its guide names none; OpenStack's is 100 here). */
const SERVERS_DEFAULT_LIMIT = 100;
/** Block storage's documented default. */
const VOLUMES_DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 1000;

export interface UsageRequest {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly tokens: TokenStore;
  readonly estate: RegionEstate;
  readonly region: Region;
  /** Where this region's compute, block storage and NKS are served (links in answers). */
  readonly baseUrl: string;
  /** The list ignores `marker` (a fault): every page is the first. */
  readonly ignoreMarker: boolean;
}

/** The token's project when it may read `tenant`'s resources, or the answer that refuses it. */
function projectOf(request: UsageRequest, tenant: string | null): string | Answer {
  const project = tokenProject(request.req, request.tokens);
  if (typeof project !== "string") return project;
  if (tenant !== null && tenant !== project) {
    return openStackError(403, "Forbidden", "Policy doesn't allow this operation");
  }
  return project;
}

/** One page of `items` by `limit` and `marker`, starting at the marker or after it. */
function page<T extends { readonly id: string }>(
  items: readonly T[],
  url: URL,
  paging: { readonly markerStartsPage: boolean; readonly defaultLimit: number },
  ignoreMarker: boolean,
): readonly T[] | Answer {
  const { markerStartsPage, defaultLimit } = paging;
  const limitText = url.searchParams.get("limit") ?? String(defaultLimit);
  if (!/^\d+$/.test(limitText) || Number(limitText) === 0) return badRequest("Invalid limit");
  const limit = Math.min(Number(limitText), MAX_LIMIT);
  const marker = ignoreMarker ? null : url.searchParams.get("marker");
  let start = 0;
  if (marker !== null) {
    const at = items.findIndex((item) => item.id === marker);
    if (at < 0) return badRequest(`marker [${marker}] not found`);
    start = markerStartsPage ? at : at + 1;
  }
  return items.slice(start, start + limit);
}

export function listServersDetail(request: UsageRequest, tenant: string): Answer {
  const project = projectOf(request, tenant);
  if (typeof project !== "string") return project;
  const own = request.estate.servers.filter((server) => server.project === project);
  const servers = page(
    own,
    request.url,
    { markerStartsPage: true, defaultLimit: SERVERS_DEFAULT_LIMIT },
    request.ignoreMarker,
  );
  if (!Array.isArray(servers)) return servers as Answer;
  const attached = new Map<string, SimulatedVolume[]>();
  for (const volume of request.estate.volumes) {
    if (volume.serverId === null) continue;
    attached.set(volume.serverId, [...(attached.get(volume.serverId) ?? []), volume]);
  }
  return {
    status: 200,
    body: {
      servers: servers.map((server) => serverBody(request, server, attached.get(server.id) ?? [])),
    },
  };
}

export function listVolumesDetail(request: UsageRequest, tenant: string): Answer {
  const project = projectOf(request, tenant);
  if (typeof project !== "string") return project;
  const own = request.estate.volumes.filter((volume) => volume.project === project);
  const volumes = page(
    own,
    request.url,
    { markerStartsPage: false, defaultLimit: VOLUMES_DEFAULT_LIMIT },
    request.ignoreMarker,
  );
  if (!Array.isArray(volumes)) return volumes as Answer;
  return { status: 200, body: { volumes: volumes.map((volume) => volumeBody(request, volume)) } };
}

export function listClusters(request: UsageRequest): Answer {
  const project = projectOf(request, null);
  if (typeof project !== "string") return project;
  const clusters = request.estate.clusters.filter((cluster) => cluster.project === project);
  return {
    status: 200,
    body: {
      clusters: clusters.map((cluster) => ({
        cluster_template_id: "b4503d97-6012-499d-a31a-5200f94a7890",
        create_timeout: 60,
        docker_volume_size: null,
        flavor_id: "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
        health_status: "HEALTHY",
        keypair: "testkeypair",
        labels: {
          availability_zone: `${request.region.toLowerCase()}-pub-b`,
          kube_tag: "v1.23.3",
          node_image: cluster.nodeGroups[0]?.imageId ?? "",
        },
        links: links(
          `${request.baseUrl}/v1/clusters/${cluster.uuid}`,
          `${request.baseUrl}/clusters/${cluster.uuid}`,
        ),
        name: cluster.name,
        node_count: cluster.nodeGroups.length * 2,
        stack_id: "7f497472-9729-4b89-9124-1c097335b856",
        status: "CREATE_COMPLETE",
        uuid: cluster.uuid,
      })),
    },
  };
}

export function listNodeGroups(request: UsageRequest, clusterId: string): Answer {
  const project = projectOf(request, null);
  if (typeof project !== "string") return project;
  const cluster = request.estate.clusters.find(
    (c) => c.project === project && (c.uuid === clusterId || c.name === clusterId),
  );
  if (cluster === undefined) return notFound(`Cluster ${clusterId} could not be found.`);
  return {
    status: 200,
    body: {
      nodegroups: cluster.nodeGroups.map((group, i) => ({
        flavor_id: "069bdcff-e9b6-42c8-83ce-4c743ea30394",
        image_id: group.imageId,
        is_default: i === 0,
        max_node_count: 10,
        min_node_count: 1,
        name: group.name,
        node_count: 2,
        role: "worker",
        stack_id: "f04c157a-78e3-4bfc-a83e-fbe7c01ab616",
        status: "UPDATE_COMPLETE",
        uuid: group.uuid,
      })),
    },
  };
}

function links(self: string, bookmark: string) {
  return [
    { href: self, rel: "self" },
    { href: bookmark, rel: "bookmark" },
  ];
}

/** A server in the shape of the `servers/detail` example, its values the estate's. */
function serverBody(
  request: UsageRequest,
  server: SimulatedServer,
  volumes: readonly SimulatedVolume[],
) {
  const base = request.baseUrl;
  const tenant = server.project;
  const running = server.status === "ACTIVE";
  return {
    status: server.status,
    updated: secondsTimestamp(server.createdAt + 60_000),
    hostId: running ? "078d06f898889699f8731d030812e43d2c417edb2cf641dda598c7bd" : "",
    addresses: running
      ? {
          vpc2: [
            {
              "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:54:a7:64",
              version: 4,
              addr: "172.16.0.40",
              "OS-EXT-IPS:type": "fixed",
            },
          ],
        }
      : {},
    links: links(
      `${base}/v2/${tenant}/servers/${server.id}`,
      `${base}/${tenant}/servers/${server.id}`,
    ),
    key_name: "access-key",
    image:
      server.imageId === null
        ? ""
        : {
            id: server.imageId,
            links: [{ href: `${base}/${tenant}/images/${server.imageId}`, rel: "bookmark" }],
          },
    "OS-EXT-STS:task_state": null,
    "OS-EXT-STS:vm_state":
      server.status === "SHELVED_OFFLOADED" ? "shelved_offloaded" : running ? "active" : "stopped",
    "OS-SRV-USG:launched_at": microsecondsTimestamp(server.createdAt + 30_000),
    flavor: {
      id: "35a73b57-58a7-434d-aa08-5249aaa95b3e",
      links: [
        { href: `${base}/${tenant}/flavors/35a73b57-58a7-434d-aa08-5249aaa95b3e`, rel: "bookmark" },
      ],
    },
    id: server.id,
    security_groups: [{ name: "default" }],
    "OS-SRV-USG:terminated_at": null,
    "OS-EXT-AZ:availability_zone": `${request.region.toLowerCase()}-pub-b`,
    user_id: DEMO_USER_ID,
    name: server.name,
    created: secondsTimestamp(server.createdAt),
    tenant_id: tenant,
    "os-extended-volumes:volumes_attached": volumes.map((volume) => ({ id: volume.id })),
    accessIPv4: "",
    accessIPv6: "",
    progress: 0,
    "OS-EXT-STS:power_state": running ? 1 : 4,
    config_drive: "",
    // Copied by whoever created the server: never evidence of an image id.
    metadata: { image_name: "Ubuntu Server 22.04 LTS", os_type: "linux", volume_size: "50" },
    "NHN-EXT-ATTR:ephemeral_disk_size": 0,
    "NHN-EXT-ATTR:protect": false,
  };
}

/** A volume in the shape of the `volumes/detail` example, its values the estate's. */
function volumeBody(request: UsageRequest, volume: SimulatedVolume) {
  const base = request.baseUrl;
  const tenant = volume.project;
  return {
    attachments:
      volume.serverId === null
        ? []
        : [
            {
              server_id: volume.serverId,
              attachment_id: volume.id.replace(/^.{8}/, "a77ac4e1"),
              volume_id: volume.id,
              device: volume.bootable ? "/dev/vda" : "/dev/vdb",
              id: volume.id,
            },
          ],
    links: links(
      `${base}/v2/${tenant}/volumes/${volume.id}`,
      `${base}/${tenant}/volumes/${volume.id}`,
    ),
    availability_zone: `${request.region.toLowerCase()}-pub-a`,
    encrypted: false,
    "os-volume-replication:extended_status": null,
    volume_type: "General HDD",
    snapshot_id: null,
    id: volume.id,
    size: volume.sizeGb,
    user_id: "5e6524d826084188ae549815b3e33380",
    "os-vol-tenant-attr:tenant_id": tenant,
    metadata: {},
    status: volume.serverId === null ? "available" : "in-use",
    description: null,
    multiattach: false,
    source_volid: null,
    consistencygroup_id: null,
    name: volume.name,
    bootable: volume.bootable ? "true" : "false",
    created_at: microsecondsTimestamp(volume.createdAt),
    "os-volume-replication:driver_data": null,
    replication_status: "disabled",
    // Cinder's field, absent from the guide's table: only a volume made from an image has it.
    ...(volume.imageId === null ? {} : { volume_image_metadata: { image_id: volume.imageId } }),
  };
}
