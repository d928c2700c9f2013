import { nhnFixture } from "@nhn-images/test-support";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_V2_IMAGE } from "./documented-images.ts";
import {
  documentedEstate,
  NODE_GROUP_IMAGE,
  SERVER_IMAGE,
  TENANT,
  UNREFERENCED_IMAGE,
} from "./usage-estate.ts";

/*
 * Usage evidence from NHN's documented example bodies (Compute-Instance servers/detail,
 * Block-Storage volumes/detail, NKS clusters and node groups), served over HTTP on the hosts the
 * documented service catalog names (or the documented hosts where it names none), read by the
 * real client with NHN_USAGE=true.
 */

describe("usage from NHN's documented servers, volumes and node groups", () => {
  it("reads each documented body into evidence, on the catalog's and the documented hosts", async () => {
    const { server, client, asked } = await documentedEstate();
    const images = await client.listAllImages();
    const usage = Object.fromEntries(images.map((image) => [image.id, image.usage]));

    expect(usage[SERVER_IMAGE]).toEqual({
      verdict: "inUse",
      reason: "referred to by 1 server by image reference",
      servers: ["aaf2778b-ea03-4ccc-8b1b-92f4b686c3ec"],
      nodeGroups: [],
      evidence: { byImageRef: 1, byBootVolume: 0, byNodeGroup: 0 },
      unattributedServers: 0,
    });
    expect(usage[NODE_GROUP_IMAGE]).toMatchObject({
      verdict: "inUse",
      nodeGroups: ["018b06c5-1293-4081-8242-167a1cb9f262"],
      evidence: { byImageRef: 0, byBootVolume: 0, byNodeGroup: 1 },
    });
    // Nothing refers to it and every server is accounted for.
    expect(usage[UNREFERENCED_IMAGE]).toMatchObject({
      verdict: "unused",
      reason: "no server, boot volume or NKS node group in KR1 refers to it",
    });
    // A public image: other projects may use it, so nothing unseen can be ruled out.
    expect(usage[DOCUMENTED_V2_IMAGE.id]?.verdict).toBe("unknown");

    // compute and volumev2 from the catalog (which ends in /v2/{tenantId}); NKS, absent from the
    // documented catalog, from the NKS guide's documented host.
    expect(new Set(asked)).toEqual(
      new Set([
        "https://kr1-api-image-infrastructure.nhncloudservice.com",
        "https://kr1-api-instance-infrastructure.nhncloudservice.com",
        "https://kr1-api-block-storage-infrastructure.nhncloudservice.com",
        "https://kr1-api-kubernetes-infrastructure.nhncloudservice.com",
      ]),
    );
    const serverPages = server.requests.filter((r) => r.path.endsWith("/servers/detail"));
    expect(serverPages.map((r) => Object.fromEntries(r.query))).toEqual([
      { limit: "1000" },
      { limit: "1000", marker: "aaf2778b-ea03-4ccc-8b1b-92f4b686c3ec" },
    ]);
    const nks = server.requests.filter((r) => r.path.startsWith("/v1/clusters"));
    expect(nks.map((r) => r.headers["openstack-api-version"])).toEqual([
      "container-infra latest",
      "container-infra latest",
    ]);
    for (const request of server.requests.slice(1)) {
      expect(request.headers["x-auth-token"]).toBe("e42a092ed6ee4d99949bf25f5f6ecc60");
    }
  });

  it("reads a server booted from a volume, with and without the volume's image metadata", async () => {
    const documented = nhnFixture<{ servers: Record<string, unknown>[] }>(
      "compute-instance.public-api.list-servers-detail",
    ).servers[0] as Record<string, unknown>;
    const volume = nhnFixture<{ volumes: Record<string, unknown>[] }>(
      "storage-block-storage.public-api.list-volumes-detail",
    ).volumes[0] as Record<string, unknown>;
    const bootVolume = (id: string, server: string, imageId?: string) => ({
      ...volume,
      id,
      bootable: "true",
      status: "in-use",
      attachments: [{ server_id: server, volume_id: id, device: "/dev/vda", id }],
      ...(imageId === undefined ? {} : { volume_image_metadata: { image_id: imageId } }),
    });
    const { client } = await documentedEstate({
      [`GET /v2/${TENANT}/servers/detail`]: [
        {
          body: {
            servers: [
              { ...documented, id: "11111111-0000-4000-8000-000000000001", image: "" },
              { ...documented, id: "11111111-0000-4000-8000-000000000002", image: "" },
            ],
          },
        },
        { body: { servers: [] } },
      ],
      [`GET /v2/${TENANT}/volumes/detail`]: [
        {
          body: {
            volumes: [
              bootVolume(
                "22222222-0000-4000-8000-000000000001",
                "11111111-0000-4000-8000-000000000001",
                SERVER_IMAGE,
              ),
              bootVolume(
                "22222222-0000-4000-8000-000000000002",
                "11111111-0000-4000-8000-000000000002",
              ),
            ],
          },
        },
        { body: { volumes: [] } },
      ],
    });
    const images = await client.listAllImages();
    const usage = Object.fromEntries(images.map((image) => [image.id, image.usage]));
    expect(usage[SERVER_IMAGE]).toMatchObject({
      verdict: "inUse",
      servers: ["11111111-0000-4000-8000-000000000001"],
      evidence: { byImageRef: 0, byBootVolume: 1, byNodeGroup: 0 },
      unattributedServers: 1,
    });
    // The second server's boot volume hides its image: nothing unreferenced is claimed unused.
    expect(usage[UNREFERENCED_IMAGE]).toMatchObject({
      verdict: "unknown",
      reason: "1 server in KR1 boots from a volume that does not name its image",
      unattributedServers: 1,
    });
  });
});
