import { createImageClient, loadConfig } from "@nhn-images/core";
import { fetchAnsweredBy, nhnFixture, startReplayServer } from "@nhn-images/test-support";
import { afterEach } from "vitest";

/*
 * A project's estate as NHN's documents show it (the IaaS token, an image list, servers/detail,
 * volumes/detail, NKS clusters and node groups), on a replay server that answers the catalog's
 * and the documented hosts, read by the real client with NHN_USAGE=true. Routes can be replaced.
 */

export const TENANT = "f5073eaa26b64cffbee89411df94ce01";
/** The image the servers example's server was made from. */
export const SERVER_IMAGE = "8b9f8d47-b89b-45af-b1d6-3f7ce7e06a11";
/** The image of the node groups example. */
export const NODE_GROUP_IMAGE = "96aff4ab-d221-4688-8364-2fcf02d50547";
export const CLUSTER = "2b778d83-8b67-45b1-920e-b0c5ad5c2f30";

/** An image no documented body refers to. */
export const UNREFERENCED_IMAGE = "0d5ef4b5-3c63-4e0f-9a0e-000000000001";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export const login = nhnFixture<{
  auth: { tenantId: string; passwordCredentials: { username: string; password: string } };
}>("toast-cloud.public-api.iaas-token.request").auth;

/** Images: the documented one, and private images with the ids the usage examples name. */
function imagesPage() {
  const page = nhnFixture<{ images: Record<string, unknown>[] }>(
    "compute-image.public-api.list-images",
  );
  const documented = page.images[0] as Record<string, unknown>;
  const privateCopy = (id: string) => ({
    ...documented,
    id,
    visibility: "private",
    owner: TENANT,
  });
  return {
    images: [
      documented,
      privateCopy(SERVER_IMAGE),
      privateCopy(NODE_GROUP_IMAGE),
      privateCopy(UNREFERENCED_IMAGE),
    ],
    schema: "/v2/schemas/images",
    first: "/v2/images",
  };
}

export async function documentedEstate(
  overrides: Parameters<typeof startReplayServer>[0] = {},
  env: Record<string, string> = {},
) {
  const server = await startReplayServer({
    "POST /v2.0/tokens": { body: nhnFixture("toast-cloud.public-api.iaas-token.issue-token") },
    "GET /v2/images": { body: imagesPage() },
    [`GET /v2/${TENANT}/servers/detail`]: [
      { body: nhnFixture("compute-instance.public-api.list-servers-detail") },
      { body: { servers: [] } },
    ],
    [`GET /v2/${TENANT}/volumes/detail`]: [
      { body: nhnFixture("storage-block-storage.public-api.list-volumes-detail") },
      { body: { volumes: [] } },
    ],
    "GET /v1/clusters": { body: nhnFixture("container-kubernetes.public-api.list-clusters") },
    [`GET /v1/clusters/${CLUSTER}/nodegroups`]: {
      body: nhnFixture("container-kubernetes.public-api.list-nodegroups"),
    },
    ...overrides,
  });
  servers.push(server);
  const asked: string[] = [];
  // The catalog and the documented hosts are NHN's real ones: the replay server answers them.
  const fetch = fetchAnsweredBy(server.url, asked);
  const config = loadConfig({
    NHN_IDENTITY_URL: `${server.url}/v2.0`,
    NHN_TENANT_ID: login.tenantId,
    NHN_USERNAME: login.passwordCredentials.username,
    NHN_API_PASSWORD: login.passwordCredentials.password,
    NHN_USAGE: "true",
    ...env,
  });
  const client = createImageClient(config, {
    fetch,
    now: () => Date.parse("2020-04-29T03:40:00Z"),
  });
  return { server, client, asked };
}
