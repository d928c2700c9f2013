// One asOf answer (or its floor) in a fresh process, so its peak RSS is its own. Prints JSON.
//   tsx bench/as-of-child.ts query|read <date>
// `query`: the built list function answers `GET /images?asOf=<date>&sort=name&limit=100` (a
// top-k over the whole snapshot); `read`: the snapshot's NDJSON object alone, downloaded,
// gunzipped and each line parsed. The environment names the store (INVENTORY_BUCKET, S3_*).
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { readLines } from "@nhn-images/inventory";

const [mode = "query", date = "2026-10-01"] = process.argv.slice(2);
const env = process.env;
const bundle = new URL("../functions/list-images/dist/index.mjs", import.meta.url).href;
const { handler } =
  mode === "query"
    ? ((await import(bundle)) as {
        handler: (event: unknown) => Promise<{ statusCode: number; body: string }>;
      })
    : { handler: null };
const started = performance.now();
let images = 0;
if (handler !== null) {
  const response = await handler({
    version: "2.0",
    routeKey: "GET /images",
    rawPath: "/images",
    rawQueryString: `asOf=${date}&sort=name&limit=100`,
    headers: { accept: "application/json" },
    requestContext: { requestId: "bench", http: { method: "GET" } },
  });
  if (response.statusCode !== 200) throw new Error(`asOf answered ${response.statusCode}`);
  images = (JSON.parse(response.body) as { page: { matched: number } }).page.matched;
} else {
  const s3 = new S3Client({
    region: env.S3_REGION ?? "us-east-1",
    ...(env.S3_ENDPOINT === undefined ? {} : { endpoint: env.S3_ENDPOINT }),
    forcePathStyle: true,
    credentials: {
      accessKeyId: env.S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? "",
    },
  });
  const object = await s3.send(
    new GetObjectCommand({
      Bucket: env.INVENTORY_BUCKET,
      Key: `${env.INVENTORY_PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`,
    }),
  );
  for await (const line of readLines((object.Body as Readable).pipe(createGunzip()))) {
    JSON.parse(line);
    images++;
  }
  s3.destroy();
}
const ms = performance.now() - started;
process.stdout.write(
  `\n@@${JSON.stringify({ ms, images, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
