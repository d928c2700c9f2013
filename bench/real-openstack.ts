import { createImageClient, loadConfig } from "@nhn-images/core";
import { createExportHandler } from "@nhn-images/inventory/export";
import { DEMO_PROJECT, startSimulator } from "@nhn-images/simulator";
import {
  keystoneToken,
  missingOpenStack,
  startCheckedS3,
  startCheckedSwiftS3,
  startGlance,
  startGlanceGateway,
} from "@nhn-images/test-support";
import { compare } from "./measure.ts";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const IMAGES = 3_000;
const PARALLEL_CREATES = 8;

/**
 * Over NHN's own software: a full listing of 3,000 images from a real Glance (behind the
 * simulator's Keystone v2) through the client, against a bare `fetch` loop over the same pages
 * (the same requests: the images, then the hidden ones); and the export of those images to
 * Swift's S3 API against the same export to s3rver, reported.
 */
export async function benchRealOpenStack() {
  const missing = missingOpenStack();
  if (missing.length > 0) {
    console.error(`  (openstack: ${missing.join(" and ")} not installed; rows skipped)`);
    return [];
  }
  const glance = await startGlance();
  const gateway = await startGlanceGateway(glance.url);
  const sim = await startSimulator({ images: 0, imageEndpoints: { KR1: gateway.url } });
  gateway.trust((token) => sim.projectOfToken(token));
  const swift = await startCheckedSwiftS3("bench");
  const s3 = await startCheckedS3("bench");
  try {
    const owner = glance.as({ project: DEMO_PROJECT.id });
    for (let start = 0; start < IMAGES; start += PARALLEL_CREATES) {
      await Promise.all(
        Array.from({ length: PARALLEL_CREATES }, (_, i) =>
          owner.json("POST", "/v2/images", {
            name: `bench-${start + i}`,
            visibility: "private",
            disk_format: "qcow2",
            container_format: "bare",
            ...(i === 0 && start % 800 === 0 ? { os_hidden: true } : {}),
          }),
        ),
      );
    }
    const env = { ...sim.env("v2"), NHN_REGION: "KR1" };
    // One client, as a warm container holds it: its token is issued once, like the loop's.
    const imageClient = createImageClient(loadConfig(env));
    let listed = 0;
    const client = async () => {
      listed = (await imageClient.listAllImages()).length;
    };
    const token = await keystoneToken(`${sim.url}/v2.0`, DEMO_PROJECT.id, {
      username: "demo@example.com",
      password: "demo-password",
    });
    const bareLoop = async () => {
      let count = 0;
      for (const hidden of [false, true]) {
        let marker: string | null = null;
        do {
          const query = new URLSearchParams({
            limit: "1000",
            visibility: "all",
            member_status: "all",
            ...(hidden ? { os_hidden: "true" } : {}),
            ...(marker === null ? {} : { marker }),
          });
          const response = await fetch(`${gateway.url}/v2/images?${query}`, {
            headers: { "x-auth-token": token },
          });
          const body = (await response.json()) as { images: { id: string }[]; next?: string };
          count += body.images.length;
          marker = body.next === undefined ? null : (body.images.at(-1)?.id ?? null);
        } while (marker !== null);
      }
      return count;
    };
    const listing = await compare(client, bareLoop, { rounds: 7, warmup: 2 });

    const exportTo = (storeEnv: Record<string, string>) => async () => {
      const handler = createExportHandler({
        env: { ...env, ...storeEnv, INVENTORY_PREFIX: "bench/", EXPORT_MAX_DROP_PCT: "0" },
        logger: silent,
        metrics: { addMetric() {}, publishStoredMetrics() {} },
        getSecureString: async () => "",
        sleep: async () => {},
      });
      await handler({ date: "2026-11-30" });
    };
    const stores = await compare(exportTo(swift.s3.env()), exportTo(s3.s3.env()), {
      rounds: 5,
      warmup: 1,
    });
    return [
      {
        case: `full listing of a real Glance through the client vs a bare fetch loop`,
        size: listed,
        ...listing,
        target: "ratio ≤ 1.2",
        pass: listing.ratio <= 1.2 && listed === IMAGES,
      },
      {
        case: "export of a real Glance's images to Swift's S3 API vs to s3rver",
        size: listed,
        ...stores,
        target: "report",
        pass: true,
      },
    ];
  } finally {
    await s3.close();
    await swift.close();
    await sim.close();
    await gateway.close();
    await glance.close();
  }
}
