import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Manifest } from "@nhn-images/inventory";
import { createExportHandler, type ExportHandlerDependencies } from "@nhn-images/inventory/export";
import {
  DEMO_PROJECT,
  type GeneratedImage,
  generateImage,
  type SimulatorImage,
  type SimulatorOptions,
  startSimulator,
} from "@nhn-images/simulator";
import { recordingLogger, startCheckedS3, startCheckedSwiftS3 } from "@nhn-images/test-support";

export const BUCKET = "inventory-test";

/** The stores an export is proven on: S3's behaviour (s3rver behind a proxy) and Swift's s3api. */
export type InventoryStore = "s3rver" | "swift";
export const PREFIX = "nhn-images/";

/** Simulator + s3rver + fault proxy, and a handler wired to them through the proxy. */
export async function startHarness(
  options: {
    images?: number | SimulatorImage[];
    seed?: number;
    /** Access keys (id → secret) the S3 server accepts besides its own. */
    s3AccessKeys?: Record<string, string>;
    /** The object store: s3rver (S3's behaviour, emulated) or the real Swift with s3api. */
    store?: InventoryStore;
    /** Image endpoints for the simulator's catalog instead of its own Glance (a real Glance). */
    imageEndpoints?: SimulatorOptions["imageEndpoints"];
  } = {},
) {
  const sim = await startSimulator({
    images: options.images ?? 0,
    seed: options.seed ?? 3,
    ...(options.imageEndpoints === undefined ? {} : { imageEndpoints: options.imageEndpoints }),
  });
  const store =
    options.store === "swift"
      ? await startCheckedSwiftS3(BUCKET)
      : await startCheckedS3(BUCKET, { accessKeys: options.s3AccessKeys ?? {} });
  const { s3, proxy, direct, keys, bytes } = store;
  const logger = recordingLogger();
  const metrics: { name: string; unit: string; value: number }[] = [];

  const env = (apiVersion: "v1" | "v2" = "v1", extra: Record<string, string> = {}) => ({
    ...sim.env(apiVersion),
    ...s3.env(proxy.url),
    INVENTORY_PREFIX: PREFIX,
    ...extra,
  });

  const handler = ({
    apiVersion,
    env: extraEnv,
    ...options
  }: { apiVersion?: "v1" | "v2"; env?: Record<string, string> } & Omit<
    Partial<ExportHandlerDependencies>,
    "env"
  > = {}) =>
    createExportHandler({
      env: env(apiVersion, extraEnv),
      logger,
      metrics: {
        addMetric: (name, unit, value) => metrics.push({ name, unit, value }),
        publishStoredMetrics: () => {},
      },
      getSecureString: async () => {
        throw new Error("no SSM in tests");
      },
      sleep: async () => {},
      ...options,
    });

  async function json<T = unknown>(key: string): Promise<T> {
    return JSON.parse((await bytes(key)).toString("utf8")) as T;
  }

  async function ndjson<T = unknown>(key: string): Promise<T[]> {
    const text = gunzipSync(await bytes(key)).toString("utf8");
    return text === ""
      ? []
      : text
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line) as T);
  }

  async function manifest(date: string): Promise<Manifest> {
    return json<Manifest>(`${PREFIX}manifests/dt=${date}/manifest.json`);
  }

  /** Every object in the manifest read back: its bytes' sha256 and size match. */
  async function verifyManifest(m: Manifest) {
    for (const object of m.objects) {
      const data = await bytes(object.key);
      if (data.length !== object.bytes)
        throw new Error(`${object.key}: ${data.length} bytes, manifest says ${object.bytes}`);
      const sha = createHash("sha256").update(data).digest("hex");
      if (sha !== object.sha256)
        throw new Error(`${object.key}: sha256 ${sha}, manifest says ${object.sha256}`);
    }
  }

  return {
    sim,
    proxy,
    direct,
    logs: logger.lines,
    metrics,
    env,
    handler,
    keys,
    bytes,
    json,
    ndjson,
    manifest,
    verifyManifest,
    async close() {
      await store.close();
      await sim.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A clock fixed at `iso`. */
export const at = (iso: string) => () => Date.parse(iso);

/** The rows of one SQL statement on a fresh in-memory DuckDB (a stand-in for Athena), as JSON. */
export async function duckRows(sql: string) {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

/**
 * The first `count` generated images (of `seed`) that the demo project lists over both APIs: its
 * own, NHN's public ones and accepted shares, none deleted. Cases that count changes use these,
 * so every image they name is in every listing.
 */
export function listedImages(seed: number, count: number, from = 0): GeneratedImage[] {
  const images: GeneratedImage[] = [];
  for (let index = from; images.length < count; index++) {
    const image = generateImage(seed, index);
    const shareAccepted = image.members?.[DEMO_PROJECT.id] === "accepted";
    const listed =
      (image.visibility === "public" || image.owner === DEMO_PROJECT.id || shareAccepted) &&
      image.status !== "deleted" &&
      image.status !== "pending_delete";
    if (listed) images.push(image);
  }
  return images;
}
