import { REGIONS } from "@nhn-images/core";
import { DEMO_PROJECT, startSimulator } from "@nhn-images/simulator";
import { nhnFixture } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/* The simulator's servers, volumes and NKS node groups: NHN's documented shapes, over an estate consistent with its images. */

const sim = await startSimulator({ images: 300, seed: 7, estate: { servers: 12 } });
afterAll(() => sim.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, walked by path in assertions
type Json = any;

let token = "";
// biome-ignore lint/suspicious/noExplicitAny: the Keystone answer
let catalog: any[] = [];
beforeAll(async () => {
  const response = await fetch(`${sim.url}/v2.0/tokens`, {
    method: "POST",
    body: JSON.stringify({
      auth: {
        tenantId: DEMO_PROJECT.id,
        passwordCredentials: { username: "demo@example.com", password: "demo-password" },
      },
    }),
  });
  const body = (await response.json()) as Json;
  token = body.access.token.id;
  catalog = body.access.serviceCatalog;
});

const endpoint = (type: string, region: string) =>
  catalog.find((entry) => entry.type === type)?.endpoints.find((e: Json) => e.region === region)
    ?.publicURL as string | undefined;

async function get(url: string) {
  const response = await fetch(url, { headers: { "x-auth-token": token } });
  return { status: response.status, body: (await response.json()) as Json };
}

const keys = (value: Record<string, unknown>) => Object.keys(value).sort();

describe("the catalog", () => {
  it("names compute and volumev2 in every region (ending in /v2/{tenantId}) and kubernetes in KR1, KR2 and KR3", () => {
    for (const region of REGIONS) {
      expect(endpoint("compute", region)).toMatch(new RegExp(`/v2/${DEMO_PROJECT.id}$`));
      expect(endpoint("volumev2", region)).toMatch(new RegExp(`/v2/${DEMO_PROJECT.id}$`));
    }
    expect(
      catalog.find((e) => e.type === "kubernetes").endpoints.map((e: Json) => e.region),
    ).toEqual(["KR1", "KR2", "KR3"]);
  });
});

describe("servers/detail", () => {
  it('answers the documented example\'s fields; a server booted from a volume has image ""', async () => {
    const { status, body } = await get(`${endpoint("compute", "KR1")}/servers/detail?limit=1000`);
    expect(status).toBe(200);
    const documented = nhnFixture<Json>("compute-instance.public-api.list-servers-detail")
      .servers[0];
    expect(keys(body)).toEqual(["servers"]);
    for (const server of body.servers) expect(keys(server)).toEqual(keys(documented));
    const imageBooted = body.servers.find((s: Json) => s.image !== "");
    expect(keys(imageBooted.image)).toEqual(keys(documented.image));
    expect(body.servers.some((s: Json) => s.image === "")).toBe(true);
    expect(body.servers.some((s: Json) => s.status === "SHELVED_OFFLOADED" && s.image !== "")).toBe(
      true,
    );
  });

  it("starts a page at its marker, as the guide words it", async () => {
    const base = `${endpoint("compute", "KR1")}/servers/detail`;
    const first = await get(`${base}?limit=3`);
    const marker = first.body.servers[2].id;
    const second = await get(`${base}?limit=3&marker=${marker}`);
    expect(second.body.servers[0].id).toBe(marker);
    expect((await get(`${base}?marker=no-such-server`)).status).toBe(400);
  });

  it("refuses another project's tenant path and a missing token", async () => {
    const other = `${endpoint("compute", "KR1")?.replace(DEMO_PROJECT.id, "0".repeat(32))}/servers/detail`;
    expect((await get(other)).status).toBe(403);
    expect((await fetch(`${endpoint("compute", "KR1")}/servers/detail`)).status).toBe(401);
  });
});

describe("volumes/detail", () => {
  it("answers the documented example's fields, and Cinder's volume_image_metadata on volumes made from an image", async () => {
    const { body } = await get(`${endpoint("volumev2", "KR1")}/volumes/detail?limit=1000`);
    const documented = nhnFixture<Json>("storage-block-storage.public-api.list-volumes-detail")
      .volumes[0];
    for (const volume of body.volumes) {
      const { volume_image_metadata: metadata, ...rest } = volume;
      expect(keys(rest)).toEqual(keys(documented));
      if (metadata !== undefined) expect(volume.bootable).toBe("true");
    }
    expect(body.volumes.some((v: Json) => v.volume_image_metadata !== undefined)).toBe(true);
    expect(body.volumes.some((v: Json) => v.bootable === "false")).toBe(true);
  });

  it("starts a page after its marker, as the guide says", async () => {
    const base = `${endpoint("volumev2", "KR1")}/volumes/detail`;
    const first = await get(`${base}?limit=2`);
    const second = await get(`${base}?limit=2&marker=${first.body.volumes[1].id}`);
    expect(second.body.volumes[0].id).not.toBe(first.body.volumes[1].id);
  });
});

describe("NKS", () => {
  it("lists clusters and node groups with the documented fields", async () => {
    const base = endpoint("kubernetes", "KR1");
    const clusters = await get(`${base}/v1/clusters`);
    const documentedCluster = nhnFixture<Json>("container-kubernetes.public-api.list-clusters")
      .clusters[0];
    expect(keys(clusters.body.clusters[0])).toEqual(keys(documentedCluster));
    const groups = await get(`${base}/v1/clusters/${clusters.body.clusters[0].uuid}/nodegroups`);
    const documentedGroup = nhnFixture<Json>("container-kubernetes.public-api.list-nodegroups")
      .nodegroups[0];
    for (const group of groups.body.nodegroups) expect(keys(group)).toEqual(keys(documentedGroup));
    expect((await get(`${base}/v1/clusters/no-such-cluster/nodegroups`)).status).toBe(404);
  });
});

describe("the estate", () => {
  it("refers only to images the demo project can use in the region, and hides one image in KR2", () => {
    for (const region of REGIONS) {
      const usable = new Set(sim.listable({ region }).map((image) => image.id));
      const estate = sim.estate(region);
      const referenced = [
        ...estate.servers.map((s) => s.imageId),
        ...estate.volumes.map((v) => v.imageId),
        ...estate.clusters.flatMap((c) => c.nodeGroups.map((g) => g.imageId)),
      ].filter((id): id is string => id !== null);
      expect(referenced.length).toBeGreaterThan(0);
      for (const id of referenced) expect(usable.has(id), `${region} ${id}`).toBe(true);
      const hidden = estate.servers.filter(
        (s) =>
          s.imageId === null &&
          estate.volumes.some((v) => v.serverId === s.id && v.bootable && v.imageId === null),
      );
      expect(hidden.length).toBe(region === "KR2" ? 1 : 0);
      expect(estate.clusters.length).toBe(region === "JP1" ? 0 : 1);
    }
  });

  it("changes with the day", () => {
    const before = sim.estate("KR1").servers.map((s) => s.id);
    sim.setDay(1);
    try {
      expect(sim.estate("KR1").servers.map((s) => s.id)).not.toEqual(before);
    } finally {
      sim.setDay(0);
    }
  });
});

describe("faults", () => {
  it("apply to the usage routes, per region", async () => {
    sim.faults.add({
      fault: { kind: "status", status: 503 },
      routes: ["servers"],
      regions: ["KR2"],
    });
    try {
      expect((await get(`${endpoint("compute", "KR2")}/servers/detail`)).status).toBe(503);
      expect((await get(`${endpoint("compute", "KR1")}/servers/detail`)).status).toBe(200);
    } finally {
      sim.faults.clear();
    }
  });
});
