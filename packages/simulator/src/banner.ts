import { DEMO_CREDENTIALS, DEMO_PROJECT } from "./projects.ts";
import type { Simulator } from "./server.ts";

/**
 * What a person starting the simulator needs: where it is, and the settings (and two `curl`
 * calls) that point the functions, the CLI or a script at it, over either API.
 */
export function simulatorBanner(
  sim: Pick<Simulator, "url">,
  figures: { readonly images: number; readonly seed: number; readonly day: number },
): string {
  const c = DEMO_CREDENTIALS;
  return `NHN Cloud simulator: ${figures.images} images per region (seed ${figures.seed}, day ${figures.day}) at ${sim.url}

  v2 (Glance; image endpoints from the token's service catalog):
    NHN_API_VERSION=v2 NHN_IDENTITY_URL=${sim.url}/v2.0 NHN_TENANT_ID=${DEMO_PROJECT.id}
    NHN_USERNAME=${c.username} NHN_API_PASSWORD=${c.password} NHN_REGION=all
  v1 (appkey API, KR1):
    NHN_API_VERSION=v1 NHN_COMPUTE_URL=${sim.url} NHN_APPKEY=${c.appkey}
    NHN_USERNAME=${c.accessKeyId} NHN_API_PASSWORD=${c.secretAccessKey}

  curl -s -X POST ${sim.url}/v2.0/tokens -d '{"auth":{"tenantId":"${DEMO_PROJECT.name}","passwordCredentials":{"username":"${c.username}","password":"${c.password}"}}}'
  curl -s -X POST ${sim.url}/v1.0/appkeys/${c.appkey}/tokens -d '{"auth":{"username":"${c.accessKeyId}","password":"${c.secretAccessKey}"}}'`;
}
