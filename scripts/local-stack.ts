// The pieces of the local stack that `pnpm dev` and `pnpm export:local` share: the simulator
// as the default upstream, an S3-compatible server (s3rver) keeping its data in .local/s3, and
// an EventBridge PutEvents sink keeping the change events it receives in .local/events.
import { appendFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_STACK_FILE } from "@nhn-images/cli/local-stack-state";
import { calendarDate } from "@nhn-images/core";
import { SIMULATOR_LIMITS } from "@nhn-images/simulator";
import { type BusEvent, startEventBus, startS3 } from "@nhn-images/test-support";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const LOCAL_BUCKET = "nhn-images-local";
export const DEFAULT_S3_PORT = 4569;
export const DEFAULT_SIMULATOR_PORT = 8787;
export const DEFAULT_EVENTS_PORT = 4571;
/**
 * Where `pnpm dev` says what it runs (`.local/stack.json`; `DEV_STACK_FILE` moves it, e.g. for
 * a test's own stack), read by `export:local` and `nhn-images`.
 */
export const STACK_FILE = process.env.DEV_STACK_FILE || join(ROOT, LOCAL_STACK_FILE);
/** Every change event the local sink received, one EventBridge event (as a rule's target sees it) per line. */
export const LOCAL_EVENTS_FILE = `${ROOT}.local/events/events.ndjson`;
/** The simulator's day 0 is the night after this date (UTC): later dates see later days. */
const SIMULATOR_DAY_ZERO = Date.UTC(2026, 10, 25);

/**
 * The simulated day a snapshot date sees: 0 up to 2026-11-25, one more each day after, so that
 * exports of successive dates find images added, removed and changed. `DEV_DAY` overrides.
 */
export function simulatorDayOf(date: string): number {
  const day = countFrom("DEV_DAY", Number.NaN);
  if (!Number.isNaN(day)) return day;
  return Math.max(0, Math.round((Date.parse(date) - SIMULATOR_DAY_ZERO) / 86_400_000));
}

/** s3rver on `port` with the local bucket, its data kept under .local/s3 between runs. */
export async function startLocalS3(port: number) {
  const s3 = await startS3(LOCAL_BUCKET, { port, directory: `${ROOT}.local/s3` });
  return { url: s3.url, directory: s3.directory, close: s3.close, env: s3Env(s3.url) };
}

/**
 * The local EventBridge: a PutEvents endpoint on `port` that appends every event it accepts to
 * {@link LOCAL_EVENTS_FILE} (before it answers, so the sender can read them back) and hands them
 * to `print`.
 */
export async function startLocalEventSink(port: number, print: (line: string) => void) {
  mkdirSync(`${ROOT}.local/events`, { recursive: true });
  return startEventBus({
    port,
    onEvents: (events) => {
      appendFileSync(
        LOCAL_EVENTS_FILE,
        events.map((event) => `${JSON.stringify(event)}\n`).join(""),
      );
      for (const event of events) print(describeEvent(event));
    },
  });
}

/** The export's settings for the local sink at `url` (the sink checks no signature). */
export function eventsEnv(url: string): Record<string, string> {
  return {
    EVENT_BUS_NAME: process.env.EVENT_BUS_NAME ?? "default",
    EVENTBRIDGE_ENDPOINT: url,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
  };
}

/** One line per event: what changed, on which image. */
export function describeEvent(event: BusEvent): string {
  const detail = event.detail as {
    snapshotDate?: string;
    image?: { id?: string; region?: string; name?: string };
    fields?: Record<string, { from: unknown; to: unknown }>;
    changes?: { added: number; removed: number; changed: number };
    changeEventsTruncated?: boolean;
  };
  const type = event["detail-type"].padEnd(28);
  if (detail.image === undefined) {
    const c = detail.changes;
    return `${type} ${detail.snapshotDate}: ${c?.added} added, ${c?.removed} removed, ${c?.changed} changed${detail.changeEventsTruncated ? " (change events cut at EVENT_MAX_CHANGES)" : ""}`;
  }
  const fields = Object.entries(detail.fields ?? {})
    .map(([field, { from, to }]) => `${field} ${short(from)} → ${short(to)}`)
    .join(", ");
  return `${type} ${detail.image.region} ${detail.image.id} ${JSON.stringify(detail.image.name)}${fields ? `  ${fields}` : ""}`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export function s3Env(url: string): Record<string, string> {
  return {
    INVENTORY_BUCKET: LOCAL_BUCKET,
    INVENTORY_PREFIX: process.env.INVENTORY_PREFIX ?? "nhn-images/",
    S3_ENDPOINT: url,
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_REGION: "us-east-1",
  };
}

/**
 * A snapshot date from an environment variable (undefined when unset): a calendar day, not after
 * today (UTC), checked before anything starts — a day far ahead would also have the simulator
 * evolve its images through every day in between.
 */
export function exportDateFrom(name: string): string | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const today = new Date().toISOString().slice(0, 10);
  const problem = !calendarDate.safeParse(text).success
    ? `must be a calendar date, YYYY-MM-DD, got ${JSON.stringify(text)}`
    : text > today
      ? `${text} is after today (${today}, UTC): nothing to snapshot yet`
      : null;
  if (problem !== null) {
    console.error(`${name} ${problem}`);
    process.exit(2);
  }
  return text;
}

/**
 * Fails with one line naming `variable` when `port` is taken (a server of our own would crash
 * on it): by something that is not this workspace's pnpm dev, since its state file would have
 * named it. 0 is always free.
 */
export async function claimPort(port: number, variable: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  const taken = await new Promise<boolean>((resolve) => {
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => resolve(false));
  });
  if (!taken) {
    await new Promise((resolve) => probe.close(resolve));
    return;
  }
  throw new Error(
    `port ${port} is in use, and not by this workspace's pnpm dev (no .local/stack.json names it): stop what uses it, or set ${variable} to another port`,
  );
}

/** A port number from an environment variable, or the fallback. */
export function portFrom(name: string, fallback: number): number {
  return wholeNumberFrom(name, fallback, 65_535, "a port number (0-65535)");
}

/** A count from an environment variable (up to ten million), or the fallback. */
export function countFrom(name: string, fallback: number): number {
  const max = SIMULATOR_LIMITS.images;
  return wholeNumberFrom(name, fallback, max, `a whole number (0-${max})`);
}

function wholeNumberFrom(name: string, fallback: number, max: number, what: string): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`${name} must be ${what}, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
}
