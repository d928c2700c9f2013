import { startSimulator } from "@nhn-images/simulator";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** 50 concurrent requests on a cold container: how many token requests and listings upstream sees. */
export async function benchUpstreamCalls() {
  const sim = await startSimulator({ images: 1000 });
  try {
    const handler = createListImagesHandler({
      env: {
        ...sim.env(),
      },
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
    const tokens = sim.counts["v1-token"];
    const listings = sim.listings.v1;
    return [
      {
        case: "50 concurrent cold requests: token requests / listings",
        size: 50,
        measured: ms,
        baseline: 0,
        ratio: 0,
        target: "1 token, 1 listing",
        detail: `${tokens} token, ${listings} listing (${sim.counts["v1-images"]} pages)`,
        pass: ok && tokens === 1 && listings === 1,
      },
    ];
  } finally {
    await sim.close();
  }
}
