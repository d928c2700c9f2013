// The pieces of the local stack that `pnpm dev` and `pnpm export:local` share: the simulator
// as the default upstream, and an S3-compatible server (s3rver) keeping its data in .local/s3.
import { fileURLToPath } from "node:url";
import { startSimulator } from "@nhn-images/simulator";
import { startS3 } from "@nhn-images/test-support";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const LOCAL_BUCKET = "nhn-images-local";
export const DEFAULT_S3_PORT = 4569;
export const DEFAULT_SIMULATOR_PORT = 8787;
/** The simulator's day 0 is the night after this date (UTC): later dates see later days. */
const SIMULATOR_DAY_ZERO = Date.UTC(2026, 10, 25);

/** Whether NHN Cloud itself is configured in the environment (then no simulator is started). */
export function usesRealNhn(env: NodeJS.ProcessEnv): boolean {
  return ["NHN_APPKEY", "NHN_AUTH_TOKEN", "NHN_USERNAME", "NHN_TENANT_ID"].some(
    (name) => (env[name] ?? "") !== "",
  );
}

/**
 * The simulated day a snapshot date sees: 0 up to 2026-11-25, one more each day after, so that
 * exports of successive dates find images added, removed and changed. `DEV_DAY` overrides.
 */
export function simulatorDayOf(date: string): number {
  const day = countFrom("DEV_DAY", Number.NaN);
  if (!Number.isNaN(day)) return day;
  return Math.max(0, Math.round((Date.parse(date) - SIMULATOR_DAY_ZERO) / 86_400_000));
}

/** The simulator, on `port` (0: any free one), with its environment for the functions. */
export async function startLocalSimulator(port: number, images: number, day = 0) {
  const sim = await startSimulator({ port, images, seed: 1, day });
  return { sim, env: sim.env(process.env.NHN_API_VERSION === "v1" ? "v1" : "v2") };
}

/** s3rver on `port` with the local bucket, its data kept under .local/s3 between runs. */
export async function startLocalS3(port: number) {
  const s3 = await startS3(LOCAL_BUCKET, { port, directory: `${ROOT}.local/s3` });
  return { url: s3.url, directory: s3.directory, close: s3.close, env: s3Env(s3.url) };
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

/** A port number from an environment variable, or the fallback. */
export function portFrom(name: string, fallback: number): number {
  return wholeNumberFrom(name, fallback, 65_535, "a port number (0-65535)");
}

/** A count from an environment variable (up to ten million), or the fallback. */
export function countFrom(name: string, fallback: number): number {
  return wholeNumberFrom(name, fallback, 10_000_000, "a whole number (0-10000000)");
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
