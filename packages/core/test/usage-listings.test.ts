import { ConfigError, loadConfig } from "@nhn-images/core";
import { nhnFixture } from "@nhn-images/test-support";
import { describe, expect, it } from "vitest";
import {
  documentedEstate,
  login,
  NODE_GROUP_IMAGE,
  SERVER_IMAGE,
  TENANT,
  UNREFERENCED_IMAGE,
} from "./usage-estate.ts";

/* Paging, failures and opting out of the usage listings, over HTTP with the real client. */

const documentedServer = nhnFixture<{ servers: Record<string, unknown>[] }>(
  "compute-instance.public-api.list-servers-detail",
).servers[0] as Record<string, unknown>;
const server = (id: string) => ({ ...documentedServer, id, image: { id: SERVER_IMAGE } });
const SERVERS = `GET /v2/${TENANT}/servers/detail`;

async function usageById(overrides: Parameters<typeof documentedEstate>[0]) {
  const estate = await documentedEstate(overrides);
  const images = await estate.client.listAllImages();
  return {
    ...estate,
    usage: Object.fromEntries(images.map((image) => [image.id, image.usage])),
  };
}

describe("server paging", () => {
  it.each([
    ["starts after its marker (as Glance and Block Storage do)", [["a", "b"], ["c"], []]],
    ["starts at its marker (as the Compute guide words it)", [["a", "b"], ["b", "c"], ["c"]]],
  ])("reads each server once when a page %s", async (_, pages) => {
    const { usage, server: replay } = await usageById({
      [SERVERS]: pages.map((ids) => ({ body: { servers: ids.map(server) } })),
    });
    expect(usage[SERVER_IMAGE]).toMatchObject({
      servers: ["a", "b", "c"],
      evidence: { byImageRef: 3 },
    });
    const markers = replay.requests
      .filter((r) => r.path.endsWith("/servers/detail"))
      .map((r) => r.query.get("marker"));
    expect(markers).toEqual([null, "b", "c"]);
  });
});

describe("a usage listing that fails", () => {
  it("leaves unreferenced private images unknown, naming why, and keeps what it saw", async () => {
    const { usage } = await usageById({
      [`GET /v1/clusters/2b778d83-8b67-45b1-920e-b0c5ad5c2f30/nodegroups`]: {
        status: 403,
        body: { error: "forbidden e42a092ed6ee4d99949bf25f5f6ecc60" },
      },
    });
    expect(usage[SERVER_IMAGE]?.verdict).toBe("inUse");
    expect(usage[NODE_GROUP_IMAGE]).toMatchObject({
      verdict: "unknown",
      reason: expect.stringMatching(
        /^the evidence of KR1 is incomplete: NKS node groups of project f5073eaa26b64cffbee89411df94ce01 could not be listed: .*HTTP 403/,
      ),
    });
    expect(usage[UNREFERENCED_IMAGE]?.verdict).toBe("unknown");
    expect(JSON.stringify(usage)).not.toContain("e42a092ed6ee4d99949bf25f5f6ecc60");
    expect(JSON.stringify(usage)).not.toContain(login.passwordCredentials.password);
  });

  it("is a gap when its paging loops (an API that ignores marker), not an endless listing", async () => {
    const { usage } = await usageById({
      [SERVERS]: { body: { servers: [server("a"), server("b")] } },
    });
    expect(usage[UNREFERENCED_IMAGE]).toMatchObject({
      verdict: "unknown",
      reason: expect.stringContaining("named the same page marker twice"),
    });
    expect(usage[SERVER_IMAGE]?.verdict).toBe("inUse");
  });

  it("is a gap when a server is not the documented shape", async () => {
    const { usage } = await usageById({
      [SERVERS]: { body: { servers: [{ name: "no id" }] } },
    });
    expect(usage[UNREFERENCED_IMAGE]?.reason).toContain("servers[0].id");
  });
});

describe("without NHN_USAGE", () => {
  it("lists images only: no usage, and no call to servers, volumes or NKS", async () => {
    const estate = await documentedEstate({}, { NHN_USAGE: "false" });
    const images = await estate.client.listAllImages();
    expect(images.every((image) => image.usage === undefined)).toBe(true);
    expect(
      estate.server.requests.map((r) => r.path).filter((p) => !p.startsWith("/v2/images")),
    ).toEqual(["/v2.0/tokens"]);
  });

  it("is refused with v1, and without a project, naming the variable", () => {
    const v1 = () =>
      loadConfig({
        NHN_API_VERSION: "v1",
        NHN_APPKEY: "k",
        NHN_USERNAME: "u",
        NHN_API_PASSWORD: "p",
        NHN_USAGE: "true",
      });
    expect(v1).toThrow(ConfigError);
    expect(v1).toThrow(/NHN_USAGE/);
    const tokenOnly = () => loadConfig({ NHN_AUTH_TOKEN: "t0k3n", NHN_USAGE: "true" });
    expect(tokenOnly).toThrow(/NHN_TENANT_ID: is required with NHN_USAGE=true/);
    expect(() => loadConfig({ NHN_AUTH_TOKEN: "t", NHN_USAGE: "yes" })).toThrow(
      /NHN_USAGE: must be true or false/,
    );
  });
});

describe("one image", () => {
  it("carries its usage too", async () => {
    const estate = await documentedEstate({
      [`GET /v2/images/${SERVER_IMAGE}`]: {
        body: {
          ...nhnFixture<Record<string, unknown>>("compute-image.public-api.get-image"),
          id: SERVER_IMAGE,
          visibility: "private",
          owner: TENANT,
        },
      },
    });
    const image = await estate.client.getImage(SERVER_IMAGE);
    expect(image.usage?.verdict).toBe("inUse");
  });
});
