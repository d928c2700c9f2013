import { startSimulator } from "@nhn-images/simulator";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";
import { compare } from "./measure.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const IMAGES = 10_000;
const SERVERS = 5_000;

/**
 * A cold list request (a new container: token, listings, query) over 10k images, with usage on
 * (5k servers, their volumes and NKS node groups listed too) against the same request without
 * usage, timed alternately in the same run. The usage listings run concurrently with the image
 * listing, bounded by the client's request limit.
 */
export async function benchUsageListing() {
  const sim = await startSimulator({ images: IMAGES, estate: { servers: SERVERS } });
  try {
    const coldRequest = (env: Record<string, string>) => async () => {
      const handler = createListImagesHandler({
        env: { ...sim.env("v2"), ...env },
        logger: silent,
        getSecureString: async () => "",
      });
      const response = await handler({
        version: "2.0",
        routeKey: "GET /images",
        rawPath: "/images",
        rawQueryString: "visibility=private&limit=100",
        headers: {},
        requestContext: { requestId: "usage", http: { method: "GET" } },
      });
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
    };
    sim.resetCounts();
    await coldRequest({ NHN_USAGE: "true" })();
    const calls = `${sim.counts["v2-images"]} image, ${sim.counts.servers} server, ${sim.counts.volumes} volume, ${sim.counts.clusters + sim.counts.nodegroups} NKS requests`;
    const { measured, baseline, ratio } = await compare(
      coldRequest({ NHN_USAGE: "true" }),
      coldRequest({ NHN_USAGE: "false" }),
      { rounds: 9, warmup: 2 },
    );
    return [
      {
        case: "cold list with usage vs without (10k images, 5k servers)",
        size: IMAGES,
        measured,
        baseline,
        ratio,
        target: "ratio ≤ 2",
        pass: ratio <= 2,
        detail: `${measured.toFixed(0)} vs ${baseline.toFixed(0)} ms → ${ratio.toFixed(2)} (${calls})`,
      },
    ];
  } finally {
    await sim.close();
  }
}
