// The history routes against the same run's floors: a cold asOf query over a 100,000-image
// snapshot vs downloading and decoding that snapshot's object alone; a warm asOf query vs the
// same query on the warm live cache; and what a cold /changes over 30 days reads (S3 requests).

import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { readLines } from "@nhn-images/inventory";
import { startSimulator } from "@nhn-images/simulator";
import { runExportBundle, s3rverClient, startS3, startS3Proxy } from "@nhn-images/test-support";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";
import { gatewayGet, silentLogger } from "./gateway-event.ts";
import { compare } from "./measure.ts";
import { MIXED_QUERY } from "./query-engine.ts";

const BUCKET = "bench-history";
const PREFIX = "nhn-images/";

export async function benchHistoryRoutes() {
  return [...(await asOfRows()), await changesReadRow()];
}

async function asOfRows() {
  const sim = await startSimulator({ images: 110_000, seed: 4 });
  const s3 = await startS3(BUCKET);
  const client = s3rverClient(s3.url);
  try {
    const date = "2026-10-01";
    const env = { ...sim.env("v2"), ...s3.env(), INVENTORY_PREFIX: PREFIX };
    const run = await runExportBundle(env, { date });
    const key = `${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`;
    const handlerFor = () =>
      createListImagesHandler({
        env: { ...env, IMAGES_CACHE_TTL_S: "3600" },
        logger: silentLogger,
        getSecureString: async () => "",
      });
    const query = `asOf=${date}&${MIXED_QUERY}`;
    // The floor: the snapshot's object alone, downloaded, gunzipped and parsed line by line.
    const floor = async () => {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      let rows = 0;
      for await (const line of readLines((object.Body as Readable).pipe(createGunzip()))) {
        JSON.parse(line);
        rows++;
      }
      if (rows !== run.images) throw new Error(`floor read ${rows} rows`);
    };
    const cold = await compare(
      async () => {
        const response = await handlerFor()(gatewayGet("/images", query));
        if (response.statusCode !== 200)
          throw new Error(`cold asOf answered ${response.statusCode}`);
      },
      floor,
      { rounds: 7, warmup: 1 },
    );
    const warmHandler = handlerFor();
    for (const q of [query, MIXED_QUERY]) {
      const response = await warmHandler(gatewayGet("/images", q));
      if (response.statusCode !== 200) throw new Error(`warm ${q} answered ${response.statusCode}`);
    }
    const warm = await compare(
      () => warmHandler(gatewayGet("/images", query)),
      () => warmHandler(gatewayGet("/images", MIXED_QUERY)),
      { rounds: 41, warmup: 10, inner: 5 },
    );
    return [
      {
        case: `cold asOf over a ${run.images.toLocaleString("en")}-image snapshot vs its object read`,
        size: run.images,
        ...cold,
        target: "ratio ≤ 2",
        pass: cold.ratio <= 2,
      },
      {
        case: "warm asOf vs the same query on the warm live cache",
        size: run.images,
        ...warm,
        target: "ratio ≤ 1.3",
        pass: warm.ratio <= 1.3,
      },
    ];
  } finally {
    client.destroy();
    await s3.close();
    await sim.close();
  }
}

/** A cold /changes over 30 snapshots: the data objects it reads, counted at an S3 proxy. */
async function changesReadRow() {
  const sim = await startSimulator({ images: 2_000, seed: 6 });
  const s3 = await startS3(BUCKET);
  const proxy = await startS3Proxy(s3.url);
  try {
    const env = { ...sim.env("v2"), ...s3.env(), INVENTORY_PREFIX: PREFIX };
    const dates: string[] = [];
    for (let day = 0; day < 30; day++) {
      const date = `2026-09-${String(day + 1).padStart(2, "0")}`;
      sim.setDay(day);
      await runExportBundle(env, { date });
      dates.push(date);
    }
    const handler = createListImagesHandler({
      env: { ...env, ...s3.env(proxy.url), IMAGES_CACHE_TTL_S: "3600" },
      logger: silentLogger,
      getSecureString: async () => "",
    });
    const from = proxy.operations.length;
    const started = performance.now();
    const response = await handler(
      gatewayGet("/changes", `since=${dates[0]}&until=${dates.at(-1)}`),
    );
    const ms = performance.now() - started;
    if (response.statusCode !== 200) throw new Error(`/changes answered ${response.statusCode}`);
    const reads = proxy.operations
      .slice(from)
      .filter((o) => o.operation === "GetObject" && !o.key.includes("/manifests/"));
    const onlyChanges = reads.every((o) => o.key.includes("/ndjson/changes/"));
    const manifests = proxy.operations
      .slice(from)
      .filter((o) => o.operation === "GetObject" && o.key.includes("/manifests/")).length;
    return {
      case: "cold /changes over 30 snapshots: data objects read",
      size: 30,
      measured: reads.length,
      baseline: 30,
      ratio: reads.length / 30,
      target: "only the 30 change objects",
      pass: reads.length === 30 && onlyChanges,
      detail: `${reads.length} objects (${onlyChanges ? "all changes" : "NOT only changes"}) + ${manifests} manifests, ${ms.toFixed(0)} ms`,
    };
  } finally {
    await proxy.close();
    await s3.close();
    await sim.close();
  }
}
