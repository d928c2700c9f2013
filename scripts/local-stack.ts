// The pieces of the local stack that `pnpm dev` and `pnpm export:local` share: the simulator
// as the default upstream, and an S3-compatible server (s3rver) keeping its data in .local/s3.
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { startSimulator } from "@nhn-images/simulator";
import S3rver from "s3rver";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const LOCAL_BUCKET = "nhn-images-local";
export const DEFAULT_S3_PORT = 4569;
export const DEFAULT_SIMULATOR_PORT = 8787;

/** Whether NHN Cloud itself is configured in the environment (then no simulator is started). */
export function usesRealNhn(env: NodeJS.ProcessEnv): boolean {
  return ["NHN_APPKEY", "NHN_AUTH_TOKEN", "NHN_USERNAME", "NHN_TENANT_ID"].some(
    (name) => (env[name] ?? "") !== "",
  );
}

/** The simulator, on `port` (0: any free one), with its environment for the functions. */
export async function startLocalSimulator(port: number, images: number) {
  const sim = await startSimulator({ port, images, seed: 1 });
  return { sim, env: sim.env(process.env.NHN_API_VERSION === "v2" ? "v2" : "v1") };
}

/** s3rver on `port` with the local bucket, its data kept under .local/s3 between runs. */
export async function startLocalS3(port: number) {
  const directory = `${ROOT}.local/s3`;
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    port,
    address: "127.0.0.1",
    directory,
    silent: true,
    configureBuckets: [{ name: LOCAL_BUCKET, configs: [] }],
  });
  const address = (await server.run()) as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return { url, directory, close: () => server.close(), env: s3Env(url) };
}

export function s3Env(url: string): Record<string, string> {
  return {
    INVENTORY_BUCKET: LOCAL_BUCKET,
    INVENTORY_PREFIX: process.env.INVENTORY_PREFIX ?? "nhn-images/",
    S3_ENDPOINT: url,
    S3_FORCE_PATH_STYLE: "true",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
  };
}

/** A port number from an environment variable, or the fallback. */
export function portFrom(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number (0-65535), got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return port;
}
