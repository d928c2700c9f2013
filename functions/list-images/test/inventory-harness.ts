import { compareIdThenRegion, type Image, type Region } from "@nhn-images/core";
import { startSimulator } from "@nhn-images/simulator";
import {
  OPENSTACK_AVAILABLE,
  recordingLogger,
  runExportBundle,
  startCheckedS3,
  startCheckedSwiftS3,
} from "@nhn-images/test-support";
import { afterAll, beforeAll } from "vitest";
import { createListImagesHandler, type ListImagesDependencies } from "../src/handler.ts";
import { httpApiEvent } from "./helpers.ts";

export const BUCKET = "history-test";
export const PREFIX = "nhn-images/";
export const REGIONS: Region[] = ["KR1", "JP1"];

/** The stores the inventory is read from: S3's behaviour (s3rver), and Swift's S3 API. */
export type InventoryStore = "s3rver" | "swift";
export const INVENTORY_STORES: readonly InventoryStore[] = OPENSTACK_AVAILABLE
  ? ["s3rver", "swift"]
  : ["s3rver"];

/** Snapshot dates and the simulated day each was exported from; 2026-10-04 has no snapshot. */
export const DAYS: readonly (readonly [string, number])[] = [
  ["2026-10-01", 0],
  ["2026-10-02", 1],
  ["2026-10-03", 2],
  ["2026-10-05", 4],
];

/**
 * The simulator, s3rver holding the snapshots the real export bundle wrote of the simulator's
 * evolving days, a signature-checking proxy in front of s3rver that counts what the list
 * function asks, and the Images each snapshot must hold (sorted by id, region).
 */
export async function startInventoryHarness(
  options: { images?: number; seed?: number; store?: InventoryStore } = {},
) {
  const sim = await startSimulator({ images: options.images ?? 300, seed: options.seed ?? 21 });
  const store =
    options.store === "swift" ? await startCheckedSwiftS3(BUCKET) : await startCheckedS3(BUCKET);
  const { s3, proxy } = store;
  const held: Record<string, Image[]> = {};
  const baseEnv = {
    ...sim.env("v2"),
    NHN_REGION: REGIONS.join(","),
    INVENTORY_PREFIX: PREFIX,
  };
  /**
   * Exports `date` with the real export bundle from the simulator's `day` (with `extraEnv`, say
   * `NHN_USAGE`), straight to the store; returns the Images it served, sorted by id and region.
   */
  async function exportDay(date: string, day: number, extraEnv: Record<string, string> = {}) {
    sim.setDay(day);
    const served = REGIONS.flatMap((region) => sim.listable({ api: "v2", region })).sort(
      compareIdThenRegion,
    );
    await runExportBundle({ ...baseEnv, ...s3.env(), ...extraEnv }, { date });
    return served;
  }
  for (const [date, day] of DAYS) held[date] = await exportDay(date, day);

  /** A list handler reading the inventory through the proxy (cold: nothing cached yet). */
  function handler(
    extraEnv: Record<string, string> = {},
    deps: Partial<ListImagesDependencies> = {},
  ) {
    const logger = recordingLogger();
    return {
      handle: createListImagesHandler({
        env: { ...baseEnv, ...s3.env(proxy.url), IMAGES_CACHE_TTL_S: "0", ...extraEnv },
        logger,
        getSecureString: async () => {
          throw new Error("no SSM in tests");
        },
        sleep: async () => {},
        ...deps,
      }),
      logs: logger.lines,
    };
  }

  return {
    sim,
    ...store,
    held,
    handler,
    exportDay,
    async close() {
      await store.close();
      await sim.close();
    },
  };
}

export type InventoryHarness = Awaited<ReturnType<typeof startInventoryHarness>>;

/** The newest snapshot date on or before `date`, among {@link DAYS}. */
export function snapshotDateFor(date: string): string | null {
  let found: string | null = null;
  for (const [snapshot] of DAYS) if (snapshot <= date) found = snapshot;
  return found;
}

/** Every field that differs between two versions of an image (whole values compared as JSON). */
export function differingFields(before: Image, after: Image): string[] {
  return (Object.keys(after) as (keyof Image)[])
    .filter((field) => field !== "family") // follows the name: never a changed field by itself
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .sort();
}

/** The changes between two days' Images, as the test computes them: (change, id, region, name, fields). */
export function expectedChanges(before: readonly Image[], after: readonly Image[]) {
  const key = (image: Image) => `${image.id}\u0000${image.region}`;
  const old = new Map(before.map((image) => [key(image), image]));
  const now = new Map(after.map((image) => [key(image), image]));
  const rows: { change: string; id: string; region: string; name: string; fields: string[] }[] = [];
  for (const image of after) {
    const previous = old.get(key(image));
    if (previous === undefined) rows.push({ change: "added", ...idOf(image), fields: [] });
    else {
      const fields = differingFields(previous, image);
      if (fields.length > 0) rows.push({ change: "changed", ...idOf(image), fields });
    }
  }
  for (const image of before) {
    if (!now.has(key(image))) rows.push({ change: "removed", ...idOf(image), fields: [] });
  }
  return rows.sort(
    compareIdThenRegion as (
      a: { id: string; region: string },
      b: { id: string; region: string },
    ) => number,
  );
}

function idOf(image: Image) {
  return { id: image.id, region: image.region, name: image.name };
}

/**
 * One harness for a test file (started before its tests, closed after) and `get`, a request to
 * a list handler over it that stays warm across the file's tests.
 */
export function useInventory(options: Parameters<typeof startInventoryHarness>[0] = {}) {
  let harness: InventoryHarness | undefined;
  let handle: ReturnType<InventoryHarness["handler"]>["handle"] | undefined;
  beforeAll(async () => {
    harness = await startInventoryHarness(options);
    handle = harness.handler().handle;
  }, 120_000);
  afterAll(() => harness?.close());
  return {
    get harness(): InventoryHarness {
      if (harness === undefined) throw new Error("the inventory harness is not started");
      return harness;
    },
    get: (path: string, headers: Record<string, string> = {}) => {
      if (handle === undefined) throw new Error("the inventory harness is not started");
      return handle(httpApiEvent(path, { headers }));
    },
  };
}
