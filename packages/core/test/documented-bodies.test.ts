import { createImageClient, loadConfig } from "@nhn-images/core";
import { fetchAnsweredBy, nhnFixture, startReplayServer } from "@nhn-images/test-support";
import { afterEach, describe, expect, it } from "vitest";
import { DOCUMENTED_V2_IMAGE } from "./documented-images.ts";

/*
 * NHN's documented example bodies (fixtures named after their documents), served over HTTP and
 * read by the real client: what a user with only NHN's documents would see.
 */

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function replay(routes: Parameters<typeof startReplayServer>[0]) {
  const server = await startReplayServer(routes);
  servers.push(server);
  return server;
}

/** The documented list page, then the last page its `next` leads to. */
const listPages = () => {
  const first = nhnFixture<Record<string, unknown>>("compute-image.public-api.list-images");
  const { next: _next, ...last } = first;
  return [{ body: first }, { body: { ...last, images: [] } }];
};

describe("Glance v2 and Keystone, as NHN documents them", () => {
  const login = nhnFixture<{
    auth: { tenantId: string; passwordCredentials: { username: string; password: string } };
  }>("toast-cloud.public-api.iaas-token.request").auth;
  // The documented token was issued 2020-04-29T03:32:28 and expires at 15:31:21Z.
  const now = () => Date.parse("2020-04-29T03:40:00Z");
  const env = (url: string) => ({
    NHN_IDENTITY_URL: `${url}/v2.0`,
    NHN_TENANT_ID: login.tenantId,
    NHN_USERNAME: login.passwordCredentials.username,
    NHN_API_PASSWORD: login.passwordCredentials.password,
  });

  it("logs in with the documented request and lists the documented image", async () => {
    const server = await replay({
      "POST /v2.0/tokens": { body: nhnFixture("toast-cloud.public-api.iaas-token.issue-token") },
      "GET /v2/images": listPages(),
    });
    const client = createImageClient(
      loadConfig({ ...env(server.url), NHN_IMAGE_URL: server.url }),
      {
        now,
      },
    );
    await expect(client.listAllImages()).resolves.toEqual([DOCUMENTED_V2_IMAGE]);
    const [token, first, second] = server.requests;
    expect(token?.body).toEqual(nhnFixture("toast-cloud.public-api.iaas-token.request"));
    expect(first?.headers["x-auth-token"]).toBe("e42a092ed6ee4d99949bf25f5f6ecc60");
    expect(Object.fromEntries(first?.query ?? [])).toEqual({
      limit: "1000",
      member_status: "all",
      visibility: "all",
    });
    // The documented `next` names only the marker: the next page keeps our own parameters.
    expect(Object.fromEntries(second?.query ?? [])).toEqual({
      limit: "1000",
      member_status: "all",
      visibility: "all",
      marker: "057f9a69-4e4c-4025-8a69-fa248cd9db94",
    });
  });

  it("takes each region's image endpoint from the documented service catalog", async () => {
    const server = await replay({
      "POST /v2.0/tokens": { body: nhnFixture("toast-cloud.public-api.iaas-token.issue-token") },
      "GET /v2/images": listPages(),
    });
    const asked: string[] = [];
    // The catalog names NHN's real hosts: the requests are answered by the replay server.
    const fetch = fetchAnsweredBy(server.url, asked);
    const client = createImageClient(loadConfig({ ...env(server.url), NHN_REGION: "KR2" }), {
      fetch,
    });
    await expect(client.listAllImages()).resolves.toEqual([
      { ...DOCUMENTED_V2_IMAGE, region: "KR2" },
    ]);
    expect(new Set(asked)).toEqual(
      new Set(["https://kr2-api-image-infrastructure.nhncloudservice.com"]),
    );
  });

  it("reads the documented single image", async () => {
    const server = await replay({
      "POST /v2.0/tokens": { body: nhnFixture("toast-cloud.public-api.iaas-token.issue-token") },
      [`GET /v2/images/${DOCUMENTED_V2_IMAGE.id}`]: {
        body: nhnFixture("compute-image.public-api.get-image"),
      },
    });
    const client = createImageClient(
      loadConfig({ ...env(server.url), NHN_IMAGE_URL: server.url }),
      {
        now,
      },
    );
    await expect(client.getImage(DOCUMENTED_V2_IMAGE.id)).resolves.toEqual(DOCUMENTED_V2_IMAGE);
  });
});

describe("the v1 appkey API, as NHN documents it", () => {
  const appkey = "documented-appkey";
  const env = (url: string) => ({
    NHN_API_VERSION: "v1",
    NHN_COMPUTE_URL: url,
    NHN_APPKEY: appkey,
    NHN_USERNAME: "user-access-key-id",
    NHN_API_PASSWORD: "secret-access-key",
  });
  const filledList = nhnFixture<{ images: unknown[] }>(
    "compute-image.old.api-guide.list-images.filled",
  );

  it.each([
    ["the documented answer", "compute-instance.old.api-common-guide.issue-token.filled"],
    [
      "the documented answer as printed, placeholders and all",
      "compute-instance.old.api-common-guide.issue-token",
    ],
  ] as const)("logs in with %s, once, with the User Access Key", async (_, tokenFixture) => {
    const server = await replay({
      [`POST /v1.0/appkeys/${appkey}/tokens`]: { body: nhnFixture(tokenFixture) },
      [`GET /v1.0/appkeys/${appkey}/images`]: { body: filledList },
    });
    // The filled answer expires at 03:17:50Z: the client's clock is an hour before.
    const now = () => Date.parse("2017-05-16T02:20:00Z");
    const client = createImageClient(loadConfig(env(server.url)), { now });
    const first = await client.listAllImages();
    await client.listAllImages();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ name: "Image Name", region: "KR1", owner: null, tags: [] });
    const tokenRequests = server.requests.filter((r) => r.method === "POST");
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]?.body).toEqual({
      auth: { username: "user-access-key-id", password: "secret-access-key" },
    });
    const documented = nhnFixture<{ auth: object }>(
      "compute-instance.old.api-common-guide.issue-token.request",
    );
    const sent = tokenRequests[0]?.body as { auth: object } | undefined;
    expect(Object.keys(sent?.auth ?? {})).toEqual(Object.keys(documented.auth));
    const tokenId = tokenFixture.endsWith("filled")
      ? "8b7e4f2c-59d1-4f0a-9a3e-2c4d6e8f0a1b"
      : "{Token ID}";
    // Each listing asks once more, from its last image (the guide's marker), and ends on a page
    // that brings nothing new: two listings, four pages, one token.
    expect(
      server.requests.filter((r) => r.method === "GET").map((r) => r.headers["x-auth-token"]),
    ).toEqual([tokenId, tokenId, tokenId, tokenId]);
  });

  it("also reads a bare token answer, {header, token}", async () => {
    const { header, access } = nhnFixture<{ header: object; access: { token: object } }>(
      "compute-instance.old.api-common-guide.issue-token.filled",
    );
    const server = await replay({
      [`POST /v1.0/appkeys/${appkey}/tokens`]: { body: { header, token: access.token } },
      [`GET /v1.0/appkeys/${appkey}/images`]: { body: filledList },
    });
    const client = createImageClient(loadConfig(env(server.url)), {
      now: () => Date.parse("2017-05-16T02:20:00Z"),
    });
    await expect(client.listAllImages()).resolves.toHaveLength(1);
  });
});
