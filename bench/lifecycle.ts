// The lifecycle against the same run's floors: a plan over 100,000 images and 30 daily snapshots
// vs reading those 30 snapshots' images objects alone; an apply of 1,000 marks vs the same
// 1,000 tag requests sent by a bare loop.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  addDays,
  createImageClient,
  dayOf,
  loadConfig,
  loadInventoryConfig,
} from "@nhn-images/core";
import {
  type InventoryReader,
  type Manifest,
  openInventory,
  readObjectText,
} from "@nhn-images/inventory";
import {
  applyPlan,
  compilePolicy,
  evaluatePolicy,
  type LifecyclePlan,
  type LifecyclePolicy,
  LifecycleStore,
  makePlan,
} from "@nhn-images/lifecycle";
import { DEMO_PROJECT, startSimulator } from "@nhn-images/simulator";
import { keystoneToken, runExportBundle, s3rverClient, startS3 } from "@nhn-images/test-support";
import { compare } from "./measure.ts";
import { benchFamily } from "./simulator-child.ts";

const BUCKET = "bench-lifecycle";
const PREFIX = "nhn-images/";
const DAYS = 30;
const PLAN_SIZE = 100_000;
const MARKS = 1_000;
/** A gzip member holding nothing. */
const EMPTY_GZIP = gzipSync(Buffer.alloc(0));

const policy = (unusedForDays: number): LifecyclePolicy => ({
  version: 1,
  rules: [{ name: "all", select: {}, keepNewest: 1, minAgeDays: 0, unusedForDays, graceDays: 7 }],
  exclude: { tag: ["keep"], property: [] },
  maxDeletesPerRun: 50,
});

export async function benchLifecycle() {
  const only = process.env.BENCH_LIFECYCLE ?? "apply,plan";
  return [
    ...(only.includes("apply") ? [await applyRow()] : []),
    ...(only.includes("plan") ? [await planRow()] : []),
  ];
}

/**
 * One export of 100,000 images with usage, then 29 more days made of it (the objects copied
 * server-side, each manifest rewritten for its date): 30 daily snapshots as the export leaves
 * them, without 30 exports' time.
 */
async function planRow() {
  const sim = await startSimulator({ images: PLAN_SIZE, seed: 5 });
  const s3 = await startS3(BUCKET);
  const client = s3rverClient(s3.url);
  try {
    const today = dayOf(Date.now());
    const first = addDays(today, -1);
    const env = { ...sim.env("v2"), ...s3.env(), INVENTORY_PREFIX: PREFIX, NHN_USAGE: "true" };
    await runExportBundle({ ...env, NHN_TIMEOUT_MS: "60000" }, { date: first });
    const manifestOf = (date: string) => `${PREFIX}manifests/dt=${date}/manifest.json`;
    const stored = await readObjectText(client, BUCKET, manifestOf(first));
    const manifest = JSON.parse(stored?.text ?? "null") as Manifest;
    // Each day's images object gets its own bytes (the same gzip stream and `back` empty gzip
    // members after it, which gunzip reads past): a reader caches objects by sha256, and 29
    // copies of one object would be read once.
    const imagesKey = manifest.objects.find((o) => o.key.includes("ndjson/images/"))?.key ?? "";
    const imagesBytes = Buffer.from(
      (await (
        await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: imagesKey }))
      ).Body?.transformToByteArray()) ?? [],
    );
    for (let back = 2; back <= DAYS; back++) {
      const date = addDays(today, -back);
      const objects = [];
      for (const object of manifest.objects) {
        const key = object.key.replace(`dt=${first}`, `dt=${date}`);
        if (object.key === imagesKey) {
          const bytes = Buffer.concat([
            imagesBytes,
            ...Array.from({ length: back }, () => EMPTY_GZIP),
          ]);
          await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes }));
          const sha256 = createHash("sha256").update(bytes).digest("hex");
          objects.push({ ...object, key, bytes: bytes.length, sha256 });
          continue;
        }
        await client.send(
          new CopyObjectCommand({
            Bucket: BUCKET,
            Key: key,
            CopySource: `${BUCKET}/${object.key}`,
          }),
        );
        objects.push({ ...object, key });
      }
      const dated = { ...manifest, snapshotDate: date, previousSnapshotDate: null, objects };
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: manifestOf(date),
          Body: JSON.stringify(dated),
        }),
      );
    }
    const imageClient = createImageClient(loadConfig(env));
    const reader = () => openInventory(loadInventoryConfig(env));
    let planned: LifecyclePlan | null = null;
    const plan = async () => {
      planned = await makePlan(policy(DAYS), {
        client: imageClient,
        reader: await reader(),
        projects: [DEMO_PROJECT.id],
        now: Date.now,
        planId: "bench",
      });
    };
    // The floor: each snapshot's images object read and decoded once, by a reader as cold.
    const floor = async () => {
      const inventory: InventoryReader = await reader();
      const { snapshots } = await inventory.catalogue();
      let rows = 0;
      for (const snapshot of snapshots.slice(0, DAYS)) {
        await inventory.eachImage(snapshot, () => {
          rows++;
        });
      }
      if (rows < DAYS * manifest.counts.images) throw new Error(`floor read ${rows} rows`);
    };
    const measured = await compare(plan, floor, { rounds: 3, warmup: 1 });
    const counts = (planned as LifecyclePlan | null)?.counts;
    if (counts === undefined || counts.mark === 0) throw new Error("the plan marked nothing");
    return {
      case: `lifecycle plan, ${PLAN_SIZE / 1000}k images × ${DAYS} snapshots, vs reading them`,
      size: PLAN_SIZE,
      ...measured,
      target: "ratio ≤ 3",
      pass: measured.ratio <= 3,
    };
  } finally {
    client.destroy();
    await sim.close();
    await s3.close();
  }
}

/** The median of samples. */
function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The simulator in its own process (upstream is another machine), serving `releases` images. */
async function simulatorChild(releases: number): Promise<{ url: string; close: () => void }> {
  const script = fileURLToPath(new URL("./simulator-child.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, String(releases)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  return { url: line.toString().trim(), close: () => child.kill() };
}

/**
 * 1,000 marks: the plan of 1,001 releases of one family (keepNewest 1 keeps the newest), applied
 * against the simulator in a process of its own, with the audit log in s3rver; the floor sends
 * the same 1,000 tag requests one after another with a token in hand. Between runs (untimed),
 * the marks are taken off again with bare requests, so every run sends all 1,000.
 */
async function applyRow() {
  const images = benchFamily(MARKS + 1);
  const upstream = await simulatorChild(MARKS + 1);
  const s3 = await startS3(BUCKET);
  const client = s3rverClient(s3.url);
  try {
    const env = {
      NHN_API_VERSION: "v2",
      NHN_TENANT_ID: DEMO_PROJECT.id,
      NHN_USERNAME: "demo@example.com",
      NHN_API_PASSWORD: "demo-password",
      NHN_IDENTITY_URL: `${upstream.url}/v2.0`,
      NHN_USAGE: "true",
      NHN_REGION: "KR1",
    };
    const imageClient = createImageClient(loadConfig(env));
    const live = await imageClient.listAllImages();
    const now = Date.now();
    const today = dayOf(now);
    const rows = evaluatePolicy(
      compilePolicy(policy(1)),
      live,
      new Set([DEMO_PROJECT.id]),
      () => addDays(today, -2),
      { date: today, now },
    );
    if (rows.filter((row) => row.action === "mark").length !== MARKS)
      throw new Error("the plan does not mark 1,000 images");
    const plan: LifecyclePlan = {
      planId: "bench",
      createdAt: new Date(now).toISOString(),
      planDate: today,
      policy: policy(1),
      snapshotDate: null,
      projects: [DEMO_PROJECT.id],
      counts: { keep: 1, mark: MARKS, unmark: 0, delete: 0 },
      reclaimableBytes: 0,
      rows,
    };
    const store = new LifecycleStore(client, BUCKET, PREFIX);
    const token = await keystoneToken(`${upstream.url}/v2.0`, DEMO_PROJECT.id, {
      username: "demo@example.com",
      password: "demo-password",
    });
    const tagUrl = (id: string) =>
      `${upstream.url}/image/kr1/v2/images/${id}/tags/${encodeURIComponent(`nhn-images:delete-after:${addDays(today, 7)}`)}`;
    const bare = async (method: "PUT" | "DELETE") => {
      for (const image of images.slice(0, MARKS)) {
        const response = await fetch(tagUrl(image.id), {
          method,
          headers: { "x-auth-token": token },
        });
        if (response.status !== 204) throw new Error(`${method} tag answered ${response.status}`);
      }
    };
    let run = 0;
    const apply = async () => {
      const outcome = await applyPlan(plan, {
        client: imageClient,
        store,
        now: Date.now,
        runId: `bench-${run++}`,
        act: true,
      });
      if (outcome.counts.done !== MARKS) throw new Error(`apply did ${outcome.counts.done}`);
    };
    const applied: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < 8; round++) {
      const t0 = performance.now();
      await apply();
      const t1 = performance.now();
      await bare("DELETE");
      const t2 = performance.now();
      await bare("PUT");
      const t3 = performance.now();
      await bare("DELETE");
      if (round >= 2) {
        applied.push(t1 - t0);
        floor.push(t3 - t2);
      }
    }
    const measured = median(applied);
    const baseline = median(floor);
    return {
      case: `lifecycle apply, ${MARKS} marks, vs ${MARKS} bare tag requests`,
      size: MARKS,
      measured,
      baseline,
      ratio: measured / baseline,
      target: "ratio ≤ 1.5",
      pass: measured / baseline <= 1.5,
    };
  } finally {
    client.destroy();
    upstream.close();
    await s3.close();
  }
}
