// `pnpm export:local`: one export from the simulator (or NHN Cloud, when NHN_* variables are
// set) into the local S3 server of `pnpm dev` (started here on the same data when it is not
// running), through the built Lambda bundle. EXPORT_DATE=YYYY-MM-DD backfills a day.
import { fileURLToPath } from "node:url";
import {
  countFrom,
  DEFAULT_S3_PORT,
  LOCAL_BUCKET,
  portFrom,
  s3Env,
  simulatorDayOf,
  startLocalS3,
  startLocalSimulator,
  usesRealNhn,
} from "./local-stack.ts";

const s3Port = portFrom("DEV_S3_PORT", DEFAULT_S3_PORT);
const images = countFrom("DEV_IMAGES", 500);
const date = process.env.EXPORT_DATE;
const cleanups: (() => Promise<unknown>)[] = [];

try {
  let s3Url = `http://127.0.0.1:${s3Port}`;
  const running = await fetch(s3Url, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (!running) {
    const s3 = await startLocalS3(s3Port);
    cleanups.push(() => s3.close());
    s3Url = s3.url;
  }
  Object.assign(process.env, s3Env(s3Url));
  if (!usesRealNhn(process.env)) {
    // The simulator of a running `pnpm dev` holds the same seeded images; one of our own is as
    // good, and it is set to the snapshot date's simulated day so successive dates show changes.
    const day = simulatorDayOf(date ?? new Date().toISOString().slice(0, 10));
    const { sim, env } = await startLocalSimulator(0, images, day);
    cleanups.push(() => sim.close());
    Object.assign(process.env, env);
  }
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  const bundle = fileURLToPath(
    new URL("../functions/export-inventory/dist/index.mjs", import.meta.url),
  );
  const { handler } = (await import(bundle)) as { handler: (event: unknown) => Promise<unknown> };
  const result = (await handler(
    date ? { date } : { source: "aws.events", "detail-type": "Scheduled Event" },
  )) as {
    snapshotDate: string;
    manifestKey: string;
    images: number;
    changes: { added: number; removed: number; changed: number };
  };
  const prefix = process.env.INVENTORY_PREFIX ?? "nhn-images/";
  console.log(`Exported ${result.images} images for ${result.snapshotDate} into ${s3Url}/${LOCAL_BUCKET}/${prefix}
  changes: ${result.changes.added} added, ${result.changes.removed} removed, ${result.changes.changed} changed
  manifest: s3://${LOCAL_BUCKET}/${result.manifestKey}
  objects:  s3://${LOCAL_BUCKET}/${prefix}parquet/{images,changes}/dt=${result.snapshotDate}/*.parquet
            s3://${LOCAL_BUCKET}/${prefix}ndjson/{images,changes}/dt=${result.snapshotDate}/*.ndjson.gz
            s3://${LOCAL_BUCKET}/${prefix}csv/images/dt=${result.snapshotDate}/images.csv.gz
  on disk:  .local/s3/${LOCAL_BUCKET}/ (s3rver keeps each object as <key>._S3rver_object)`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
