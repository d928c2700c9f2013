import {
  addDays,
  createImageClient,
  familyOf,
  type Image,
  loadConfig,
  loadInventoryConfig,
} from "@nhn-images/core";
import { openInventory } from "@nhn-images/inventory";
import { createExportHandler, type PutEvents } from "@nhn-images/inventory/export";
import {
  DEMO_PROJECT,
  demoProjectImage,
  type RegionEstate,
  type SimulatedServer,
  type SimulatorImage,
  startSimulator,
} from "@nhn-images/simulator";
import { startCheckedS3, startCheckedSwiftS3 } from "@nhn-images/test-support";
import {
  type ActionEntry,
  type ApplyOutcome,
  applyPlan,
  type LifecyclePlan,
  type LifecyclePolicy,
  makePlan,
  openLifecycleStore,
} from "../src/index.ts";

export const BUCKET = "lifecycle-test";
export const PREFIX = "nhn-images/";
export const OWN = DEMO_PROJECT.id;

/** Noon UTC of `date`, epoch ms. */
export const noon = (date: string) => Date.parse(`${date}T12:00:00Z`);

let sequence = 0;
/** A v4-shaped id, distinct per call (sorted in creation order). */
export function nextId(): string {
  sequence++;
  return `20000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`;
}

/** An image of the demo project in KR1, private and active, created `createdOn` at noon. */
export function ownImage(
  name: string,
  createdOn: string,
  changes: Partial<SimulatorImage> = {},
): SimulatorImage {
  const createdAt = new Date(noon(createdOn)).toISOString();
  return demoProjectImage({ id: nextId(), name, createdAt, size: 10 * 1024 ** 3, ...changes });
}

/** An Image as the client normalises a simulator image (for pure tests). */
export function asImage(image: SimulatorImage): Image {
  const { members: _members, hidden, ...rest } = image;
  return { ...rest, hidden: hidden === true, family: familyOf(image.name, image.properties) };
}

/** A server that boots from `imageId` (Compute-Instance `servers/detail`). */
function serverOf(imageId: string, index: number): SimulatedServer {
  return {
    id: `30000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    name: `server-${index}`,
    status: "ACTIVE",
    imageId,
    project: OWN,
    createdAt: Date.UTC(2026, 0, 1),
  };
}

/** KR1 running exactly one server per id of `inUse` (every other image is `unused`). */
export function estateUsing(inUse: readonly string[]): RegionEstate {
  return { servers: inUse.map(serverOf), volumes: [], clusters: [] };
}

/**
 * The simulator holding `images` (KR1), an S3 store (s3rver, or Swift's S3 API), and the pieces of
 * the lifecycle wired to them as the CLI wires them: an export per day writes the usage history,
 * `plan` makes and stores a plan, `apply` carries one out.
 */
export async function startLifecycleHarness(
  images: readonly SimulatorImage[],
  options: {
    store?: "s3rver" | "swift";
    /** A real Glance (behind its gateway) as KR1's image endpoint, instead of the simulator's. */
    imageEndpoints?: Partial<Record<"KR1", string>>;
  } = {},
) {
  const sim = await startSimulator({
    images,
    ...(options.imageEndpoints === undefined ? {} : { imageEndpoints: options.imageEndpoints }),
  });
  const store =
    options.store === "swift" ? await startCheckedSwiftS3(BUCKET) : await startCheckedS3(BUCKET);
  const env: Record<string, string> = {
    ...sim.env("v2"),
    NHN_REGION: "KR1",
    NHN_USAGE: "true",
    INVENTORY_PREFIX: PREFIX,
    ...store.s3.env(store.proxy.url),
  };
  sim.setEstate("KR1", estateUsing([]));
  const client = createImageClient(loadConfig(env), { sleep: async () => {} });
  const lifecycleStore = await openLifecycleStore(loadInventoryConfig(env), {
    getSecureString: async () => {
      throw new Error("no SSM in tests");
    },
  });

  /** The nightly export of `date`, with `inUse` the images servers run that day. */
  async function exportDay(date: string, inUse: readonly string[] = []) {
    sim.setEstate("KR1", estateUsing(inUse));
    const handler = createExportHandler({
      env,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      metrics: { addMetric() {}, publishStoredMetrics() {} },
      getSecureString: async () => {
        throw new Error("no SSM in tests");
      },
      sleep: async () => {},
      now: () => noon(date),
    });
    await handler({ date });
  }

  /** Exports every day from `first` to `last`, each with the images `inUseOn(date)` names. */
  async function exportDays(
    first: string,
    last: string,
    inUseOn: (date: string) => readonly string[] = () => [],
  ) {
    for (let date = first; date <= last; date = addDays(date, 1)) {
      await exportDay(date, inUseOn(date));
    }
  }

  async function plan(policy: LifecyclePolicy, at: number, inUse: readonly string[] = []) {
    sim.setEstate("KR1", estateUsing(inUse));
    const reader = await openInventory(loadInventoryConfig(env), { now: () => at });
    const made = await makePlan(policy, {
      client,
      reader,
      projects: [OWN],
      now: () => at,
      planId: `plan-${at}`,
    });
    const key = await lifecycleStore.writePlan(made);
    return { plan: made, key };
  }

  async function apply(
    plan: LifecyclePlan,
    at: number,
    options: {
      act?: boolean;
      runId?: string;
      putEvents?: PutEvents;
      onAction?: (entry: ActionEntry) => void;
    } = {},
  ): Promise<ApplyOutcome> {
    return applyPlan(plan, {
      client,
      store: lifecycleStore,
      now: () => at,
      runId: options.runId ?? `run-${at}-${Math.random().toString(16).slice(2, 8)}`,
      act: options.act ?? true,
      onAction: options.onAction,
      events:
        options.putEvents === undefined
          ? undefined
          : { busName: "lifecycle-bus", putEvents: options.putEvents, sleep: async () => {} },
    });
  }

  /** The demo project's KR1 images as Glance holds them now. */
  const live = () => sim.listable({ region: "KR1" });
  const tagsOf = (id: string) => live().find((image) => image.id === id)?.tags ?? null;

  return {
    sim,
    store,
    env,
    client,
    lifecycleStore,
    exportDay,
    exportDays,
    plan,
    apply,
    live,
    tagsOf,
    async close() {
      await sim.close();
      await store.close();
    },
  };
}

export type LifecycleHarness = Awaited<ReturnType<typeof startLifecycleHarness>>;

/** A policy with one rule over `select`, and the given numbers. */
export function policyOf(
  rule: Partial<LifecyclePolicy["rules"][number]> = {},
  rest: Partial<Omit<LifecyclePolicy, "rules">> = {},
): LifecyclePolicy {
  return {
    version: 1,
    rules: [
      {
        name: "snapshots",
        select: {},
        keepNewest: 1,
        minAgeDays: 0,
        unusedForDays: 3,
        graceDays: 2,
        ...rule,
      },
    ],
    exclude: { tag: ["keep"], property: [] },
    maxDeletesPerRun: 50,
    ...rest,
  };
}
