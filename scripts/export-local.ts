// `pnpm export:local`: one export from the simulator (or NHN Cloud, when NHN_* variables are
// set) into the local S3 server of the running `pnpm dev`, publishing its change events to its
// event sink (found through .local/stack.json; when it is not running, both are started here on
// the same data), through the built Lambda bundle. EXPORT_DATE=YYYY-MM-DD backfills a day.
// A failure is one line (its stack with DEBUG=nhn-images or --verbose).
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LOCAL_SIMULATOR_IMAGES, startLocalSimulator } from "@nhn-images/cli/local-simulator";
import { runningStack } from "@nhn-images/cli/local-stack-state";
import { configuresNhnCloud } from "@nhn-images/cli/settings";
import type { BusEvent } from "@nhn-images/test-support";
import {
  claimPort,
  countFrom,
  DEFAULT_EVENTS_PORT,
  DEFAULT_S3_PORT,
  describeEvent,
  eventsEnv,
  exportDateFrom,
  LOCAL_BUCKET,
  LOCAL_EVENTS_FILE,
  portFrom,
  STACK_FILE,
  s3Env,
  simulatorDayOf,
  startLocalEventSink,
  startLocalS3,
} from "./local-stack.ts";
import { failOneLine, wantsStack } from "./one-line-failure.ts";

/** Events printed after the run; the rest are counted (all are in the events file). */
const MAX_EVENTS_SHOWN = 15;

if (wantsStack()) process.setSourceMapsEnabled(true);
const s3Port = portFrom("DEV_S3_PORT", DEFAULT_S3_PORT);
const eventsPort = portFrom("DEV_EVENTS_PORT", DEFAULT_EVENTS_PORT);
const images = countFrom("DEV_IMAGES", LOCAL_SIMULATOR_IMAGES);
const date = exportDateFrom("EXPORT_DATE");
// The SDK's Node-version warning (the Lambdas run Node 22; README says so) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const cleanups: (() => Promise<unknown>)[] = [];

try {
  // The running pnpm dev's S3 and sink, or ours on the DEV_* ports (the same data folders).
  const stack = runningStack(STACK_FILE);
  let s3Url: string;
  let eventsUrl: string;
  if (stack !== null) {
    Object.assign(process.env, stack.inventory, stack.events);
    s3Url = stack.inventory.S3_ENDPOINT ?? "";
    eventsUrl = stack.events.EVENTBRIDGE_ENDPOINT ?? "";
  } else {
    await claimPort(s3Port, "DEV_S3_PORT");
    const s3 = await startLocalS3(s3Port);
    cleanups.push(() => s3.close());
    s3Url = s3.url;
    Object.assign(process.env, s3Env(s3Url));
    await claimPort(eventsPort, "DEV_EVENTS_PORT");
    const sink = await startLocalEventSink(eventsPort, () => undefined);
    cleanups.push(() => sink.close());
    eventsUrl = sink.url;
    Object.assign(process.env, eventsEnv(eventsUrl));
  }
  const eventsBefore = fileSize(LOCAL_EVENTS_FILE);
  if (!configuresNhnCloud(process.env)) {
    // The simulator of a running `pnpm dev` holds the same seeded images; one of our own is as
    // good, and it is set to the snapshot date's simulated day so successive dates show changes.
    const day = simulatorDayOf(date ?? new Date().toISOString().slice(0, 10));
    const { sim, env } = await startLocalSimulator({ images, day }, process.env.NHN_API_VERSION);
    cleanups.push(() => sim.close());
    Object.assign(process.env, env);
  }
  // The bundle's JSON log lines only when asked for: a failure is our one line below.
  process.env.POWERTOOLS_LOG_LEVEL ??= wantsStack() ? "INFO" : "SILENT";
  // The metrics (EMF JSON on stdout) have nowhere to go locally; the summary below says it all.
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
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
} catch (error) {
  process.exitCode = failOneLine("export:local", error);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
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
