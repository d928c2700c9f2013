// asOf over a snapshot of a million images, in a fresh process each time: peak RSS against the list
// function's memory, and time against reading the snapshot's object alone.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSimulator } from "@nhn-images/simulator";
import { runExportBundle, startS3 } from "@nhn-images/test-support";

const root = fileURLToPath(new URL("..", import.meta.url));
const DATE = "2026-10-01";
// The simulator lists about 91% of what it holds to the demo project: a snapshot of over a million.
const IMAGES = 1_100_000;
/** The list function's memory (serverless.yml) less Node's own: the heap it could have. */
const LIST_HEAP_MB = 450;
const RSS_TARGET_MB = 300;

interface ChildResult {
  ms: number;
  images: number;
  maxRssMB: number;
}

async function child(mode: "query" | "read", env: Record<string, string>): Promise<ChildResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      `--max-old-space-size=${LIST_HEAP_MB}`,
      "--import",
      "tsx",
      join(root, "bench/as-of-child.ts"),
      mode,
      DATE,
    ],
    {
      cwd: root,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: "ERROR", ...env },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 600_000,
    },
  );
  const line = stdout.split("@@")[1];
  if (line === undefined) throw new Error(`asOf child (${mode}) printed no result`);
  return JSON.parse(line) as ChildResult;
}

export async function benchAsOfMemory() {
  const sim = await startSimulator({ images: IMAGES, seed: 7 });
  const s3 = await startS3("bench-as-of");
  try {
    const env = { ...sim.env("v2"), ...s3.env(), INVENTORY_PREFIX: "nhn-images/" };
    // The simulator filters a million images for each page: slower than NHN, not the subject.
    const exported = await runExportBundle({ ...env, NHN_TIMEOUT_MS: "60000" }, { date: DATE });
    const runs: { query: ChildResult; read: ChildResult }[] = [];
    for (let round = 0; round < 3; round++) {
      runs.push({ query: await child("query", env), read: await child("read", env) });
    }
    for (const { query, read } of runs) {
      if (query.images !== exported.images || read.images !== exported.images) {
        throw new Error(
          `asOf matched ${query.images}, read ${read.images}, exported ${exported.images}`,
        );
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] as number;
    const queryMs = median(runs.map((run) => run.query.ms));
    const readMs = median(runs.map((run) => run.read.ms));
    const queryRss = Math.max(...runs.map((run) => run.query.maxRssMB));
    const readRss = Math.max(...runs.map((run) => run.read.maxRssMB));
    const size = exported.images;
    return [
      {
        case: `asOf over a ${size.toLocaleString("en")}-image snapshot: peak RSS (MB) vs its object read`,
        size,
        measured: queryRss,
        baseline: readRss,
        ratio: queryRss / readRss,
        target: `≤ ${RSS_TARGET_MB} MB (heap cap ${LIST_HEAP_MB} MB)`,
        pass: queryRss <= RSS_TARGET_MB,
      },
      {
        case: `asOf over a ${size.toLocaleString("en")}-image snapshot: time vs its object read`,
        size,
        measured: queryMs,
        baseline: readMs,
        ratio: queryMs / readMs,
        target: "ratio ≤ 2",
        pass: queryMs / readMs <= 2,
      },
    ];
  } finally {
    await s3.close();
    await sim.close();
  }
}
