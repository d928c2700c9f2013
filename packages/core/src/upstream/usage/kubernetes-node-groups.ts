import * as z from "zod";
import type { NodeGroupReference } from "../../usage/usage-evidence.ts";
import { parseAt } from "../parse-at.ts";

/*
 * Container-Kubernetes (NKS) `ko/public-api.md` (API v2 가이드): "클러스터 목록 보기"
 * `GET /v1/clusters` → `{clusters: [{uuid, …}]}`, and "노드 그룹 목록 보기"
 * `GET /v1/clusters/{CLUSTER_ID_OR_NAME}/nodegroups` → `{nodegroups: [{uuid, image_id, …}]}`,
 * each with the header `OpenStack-API-Version: container-infra latest`. Neither documents paging.
 */

/** The headers every NKS request carries, as the guide writes them. */
export const NKS_HEADERS: Readonly<Record<string, string>> = {
  "openstack-api-version": "container-infra latest",
};

const Cluster = z.object({ uuid: z.string().min(1) }).loose();
const NodeGroup = z.object({ uuid: z.string().min(1), image_id: z.string().nullish() }).loose();

export const ClusterList = z.object({ clusters: z.array(z.unknown()) }).loose();
export const NodeGroupList = z.object({ nodegroups: z.array(z.unknown()) }).loose();

/** The cluster uuids of a `GET /v1/clusters` answer. */
export function readClusters(body: unknown): string[] {
  const list = parseAt(ClusterList, body, "");
  return list.clusters.map((raw, i) => parseAt(Cluster, raw, `clusters[${i}]`).uuid);
}

/** The node groups of a `GET /v1/clusters/{id}/nodegroups` answer, each as usage reads it. */
export function readNodeGroups(body: unknown): NodeGroupReference[] {
  const list = parseAt(NodeGroupList, body, "");
  return list.nodegroups.map((raw, i) => {
    const group = parseAt(NodeGroup, raw, `nodegroups[${i}]`);
    const imageId = group.image_id ?? "";
    return { id: group.uuid, imageId: imageId === "" ? null : imageId };
  });
}
