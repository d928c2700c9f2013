import { startSimulator } from "@nhn-images/simulator";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * 50 concurrent requests on a cold container configured for two regions: how many token
 * requests and listings upstream sees (one token, one listing per region).
 */
export async function benchUpstreamCalls() {
  const sim = await startSimulator({ images: 1000 });
  try {
    const handler = createListImagesHandler({
      env: { ...sim.env("v2"), NHN_REGION: "KR1,JP1" },
      logger: silent,
      getSecureString: async () => "",
    });
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        handler({
          version: "2.0",
          routeKey: "GET /images",
          rawPath: "/images",
          rawQueryString: `limit=${i + 1}`,
          headers: {},
          requestContext: { requestId: `r${i}`, http: { method: "GET" } },
        }),
      ),
    );
    const ms = performance.now() - started;
    const ok = responses.every((r) => r.statusCode === 200);
    const tokens = sim.counts.identity;
    const { KR1, JP1 } = sim.listings.v2ByRegion;
    return [
      {
        case: "50 concurrent cold requests over 2 regions: tokens / listings",
        size: 50,
        measured: ms,
        baseline: 0,
        ratio: 0,
        // Each region's listing, and its hidden images listed apart (Glance's os_hidden).
        target: "1 token, 1 listing (+ its hidden images) per region",
        detail: `${tokens} token, ${KR1} + ${JP1} listings (${sim.counts["v2-images"]} pages)`,
        pass: ok && tokens === 1 && KR1 === 2 && JP1 === 2 && sim.listings.v2 === 4,
      },
    ];
  } finally {
    await sim.close();
  }
}
