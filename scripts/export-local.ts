// `pnpm export:local`: one export from the simulator (or NHN Cloud, when NHN_* variables are
// set) into the local S3 server of `pnpm dev`, publishing its change events to `pnpm dev`'s
// event sink (each started here on the same data when it is not running), through the built
// Lambda bundle. EXPORT_DATE=YYYY-MM-DD backfills a day.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BusEvent } from "@nhn-images/test-support";
import {
  countFrom,
  DEFAULT_EVENTS_PORT,
  DEFAULT_S3_PORT,
  describeEvent,
  eventsEnv,
  LOCAL_BUCKET,
  LOCAL_EVENTS_FILE,
  portFrom,
  s3Env,
  simulatorDayOf,
  startLocalEventSink,
  startLocalS3,
  startLocalSimulator,
  usesRealNhn,
} from "./local-stack.ts";

/** Events printed after the run; the rest are counted (all are in the events file). */
const MAX_EVENTS_SHOWN = 15;

const s3Port = portFrom("DEV_S3_PORT", DEFAULT_S3_PORT);
const eventsPort = portFrom("DEV_EVENTS_PORT", DEFAULT_EVENTS_PORT);
const images = countFrom("DEV_IMAGES", 500);
const date = process.env.EXPORT_DATE;
const cleanups: (() => Promise<unknown>)[] = [];

try {
  let s3Url = `http://127.0.0.1:${s3Port}`;
  if (!(await isListening(s3Url))) {
    const s3 = await startLocalS3(s3Port);
    cleanups.push(() => s3.close());
    s3Url = s3.url;
  }
  Object.assign(process.env, s3Env(s3Url));
  let eventsUrl = `http://127.0.0.1:${eventsPort}`;
  if (!(await isListening(eventsUrl))) {
    const sink = await startLocalEventSink(eventsPort, () => undefined);
    cleanups.push(() => sink.close());
    eventsUrl = sink.url;
  }
  Object.assign(process.env, eventsEnv(eventsUrl));
  const eventsBefore = fileSize(LOCAL_EVENTS_FILE);
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
    events: { bus: string; published: number } | null;
  };
  const sent = eventsSince(eventsBefore);
  const prefix = process.env.INVENTORY_PREFIX ?? "nhn-images/";
  console.log(`Exported ${result.images} images for ${result.snapshotDate} into ${s3Url}/${LOCAL_BUCKET}/${prefix}
  changes: ${result.changes.added} added, ${result.changes.removed} removed, ${result.changes.changed} changed
  manifest: s3://${LOCAL_BUCKET}/${result.manifestKey}
  objects:  s3://${LOCAL_BUCKET}/${prefix}parquet/{images,changes}/dt=${result.snapshotDate}/*.parquet
            s3://${LOCAL_BUCKET}/${prefix}ndjson/{images,changes}/dt=${result.snapshotDate}/*.ndjson.gz
            s3://${LOCAL_BUCKET}/${prefix}csv/images/dt=${result.snapshotDate}/images.csv.gz
  on disk:  .local/s3/${LOCAL_BUCKET}/ (s3rver keeps each object as <key>._S3rver_object)`);
  if (result.events !== null) {
    console.log(
      `  events:   ${result.events.published} put on the bus ${result.events.bus} at ${eventsUrl} (all in .local/events/events.ndjson)`,
    );
    for (const event of sent.slice(0, MAX_EVENTS_SHOWN)) console.log(`    ${describeEvent(event)}`);
    if (sent.length > MAX_EVENTS_SHOWN) {
      console.log(
        `    … ${sent.length - MAX_EVENTS_SHOWN} more, then ${describeEvent(sent.at(-1) as BusEvent)}`,
      );
    }
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

async function isListening(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The events the sink appended to the events file since it was `offset` bytes long, read from
 * there: the file keeps every run's events and only grows.
 */
function eventsSince(offset: number): BusEvent[] {
  const length = fileSize(LOCAL_EVENTS_FILE) - offset;
  if (length <= 0) return [];
  const tail = Buffer.alloc(length);
  const fd = openSync(LOCAL_EVENTS_FILE, "r");
  try {
    readSync(fd, tail, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  return tail
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as BusEvent);
}
