import { REGIONS } from "@nhn-images/core";
import { NKS_REGIONS } from "./estate.ts";
import { type Answer, unauthorised } from "./http.ts";
import { DEMO_USER_ID, projectOf, type SimulatorCredentials } from "./projects.ts";
import { microsecondsTimestamp, secondsTimestamp, type TokenStore } from "./tokens.ts";

/** Where each region's Glance is served by this simulator (one port, a path per region). */
export function imageEndpoint(baseUrl: string, region: (typeof REGIONS)[number]): string {
  return `${baseUrl}/image/${region.toLowerCase()}`;
}

/** Where each region's compute, block storage and NKS are served (before `/v2/…`, `/v1/…`). */
export function usageServiceUrl(
  baseUrl: string,
  service: "compute" | "block-storage" | "kubernetes",
  region: (typeof REGIONS)[number],
): string {
  return `${baseUrl}/${service}/${region.toLowerCase()}`;
}

/**
 * Keystone v2 `POST /v2.0/tokens`, answered in the shape of the API preparation guide's example
 * (TOAST-Cloud `ko/public-api/iaas-token.md`): the token with its tenant, a service catalog
 * (per region `image`, and `compute` and `volumev2` ending in `/v2/{tenantId}` as the example's
 * do; `kubernetes`, which the NKS guide names as its type, in KR1, KR2 and KR3; `identity`), the user
 * and metadata. Wrong credentials, or a project the user is not in, are Keystone's 401.
 */
export function issueKeystoneToken(
  body: unknown,
  credentials: SimulatorCredentials,
  tokens: TokenStore,
  baseUrl: string,
  imageEndpoints: Partial<Record<(typeof REGIONS)[number], string>> = {},
): Answer {
  const auth = (
    body as {
      auth?: {
        tenantId?: unknown;
        passwordCredentials?: { username?: unknown; password?: unknown };
      };
    }
  )?.auth;
  const project = projectOf(auth?.tenantId);
  const ok =
    project !== null &&
    auth?.passwordCredentials?.username === credentials.username &&
    auth.passwordCredentials.password === credentials.password;
  if (!ok || project === null) return unauthorised();
  const token = tokens.issue({ api: "v2", project: project.id });
  return {
    status: 200,
    body: {
      access: {
        token: {
          id: token.id,
          expires: secondsTimestamp(token.expiresAt),
          tenant: {
            id: project.id,
            name: project.name,
            groupId: "XEj2zkHrbA7modGU",
            description: "",
            enabled: true,
            project_domain: "NORMAL",
          },
          issued_at: microsecondsTimestamp(token.issuedAt),
        },
        serviceCatalog: [
          {
            endpoints: REGIONS.map((region) => ({
              region,
              publicURL: imageEndpoints[region] ?? imageEndpoint(baseUrl, region),
            })),
            type: "image",
            name: "glance",
          },
          {
            endpoints: REGIONS.map((region) => ({
              region,
              publicURL: `${usageServiceUrl(baseUrl, "compute", region)}/v2/${project.id}`,
            })),
            type: "compute",
            name: "nova",
          },
          {
            endpoints: REGIONS.map((region) => ({
              region,
              publicURL: `${usageServiceUrl(baseUrl, "block-storage", region)}/v2/${project.id}`,
            })),
            type: "volumev2",
            name: "cinderv2",
          },
          {
            endpoints: NKS_REGIONS.map((region) => ({
              region,
              publicURL: usageServiceUrl(baseUrl, "kubernetes", region),
            })),
            type: "kubernetes",
            name: "magnum",
          },
          {
            endpoints: [{ region: "KR1", publicURL: `${baseUrl}/v2.0` }],
            type: "identity",
            name: "keystone",
          },
        ],
        user: {
          id: DEMO_USER_ID,
          username: "37be6ac0-d660-11e7-ae46-005056ac1497",
          name: "37be6ac0-d660-11e7-ae46-005056ac1497",
          roles: [{ name: "project_admin" }],
          roles_links: [],
        },
        metadata: { roles: ["9fe2ff9ee4384b1894a90878d3e92bab"], is_admin: 0 },
      },
    },
  };
}
