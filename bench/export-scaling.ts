import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSimulator } from "@nhn-images/simulator";
import S3rver from "s3rver";

const root = fileURLToPath(new URL("..", import.meta.url));

interface ChildResult {
  ms: number;
  images: number;
  maxRssMB: number;
}

/**
 * The export's V8 heap cap, as deployed (serverless.yml, exportInventory's NODE_OPTIONS; the
 * template test holds them equal). Without it V8 defers collection while it can, and peak RSS
 * follows the amount of garbage, not of live data.
 */
export const EXPORT_HEAP_CAP_MB = 256;

async function child(
  mode: "export" | "baseline",
  env: Record<string, string>,
): Promise<ChildResult> {
  const flags = mode === "export" ? [`--max-old-space-size=${EXPORT_HEAP_CAP_MB}`] : [];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...flags, "--import", "tsx", join(root, "bench/export-child.ts"), mode],
    {
      cwd: root,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    },
  );
  const line = stdout.split("@@")[1];
  if (line === undefined) throw new Error(`export child (${mode}) printed no result`);
  return JSON.parse(line) as ChildResult;
}

export async function benchExportScaling(sizes: readonly number[]) {
  const directory = await mkdtemp(join(tmpdir(), "nhn-images-bench-s3-"));
  const s3 = new S3rver({
    port: 0,
    address: "127.0.0.1",
    directory,
    silent: true,
    configureBuckets: [{ name: "bench", configs: [] }],
  });
  const address = (await s3.run()) as AddressInfo;
  const sim = await startSimulator({ images: 0, seed: 2 });
  const rows = [];
  const rss: Record<number, number> = {};
  try {
    for (const size of sizes) {
      sim.setImages(size);
      const env = {
        ...sim.env(),
        NHN_TIMEOUT_MS: "60000",
        INVENTORY_BUCKET: "bench",
        S3_ENDPOINT: `http://127.0.0.1:${address.port}`,
        S3_FORCE_PATH_STYLE: "true",
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_REGION: "us-east-1",
        POWERTOOLS_LOG_LEVEL: "SILENT",
        POWERTOOLS_METRICS_DISABLED: "true",
        NODE_NO_WARNINGS: "1",
      };
      const baseline = await child("baseline", env);
      const exported = await child("export", env);
      if (exported.images !== size || baseline.images !== size)
        throw new Error(`export of ${size} saw ${exported.images} images`);
      rss[size] = exported.maxRssMB;
      rows.push({
        case: `export of ${size.toLocaleString("en")} images: time`,
        size,
        measured: exported.ms,
        baseline: baseline.ms,
        ratio: exported.ms / baseline.ms,
        target: "ratio ≤ 2",
        pass: exported.ms / baseline.ms <= 2,
      });
      rows.push({
        case: `export of ${size.toLocaleString("en")} images: peak RSS (MB)`,
        size,
        measured: exported.maxRssMB,
        baseline: baseline.maxRssMB,
        ratio: exported.maxRssMB / baseline.maxRssMB,
        target: "—",
        pass: true,
      });
    }
    const [small, large] = [sizes.at(-2), sizes.at(-1)];
    if (small !== undefined && large !== undefined && rss[small] && rss[large]) {
      const growth = (rss[large] as number) / (rss[small] as number);
      rows.push({
        case: `export peak RSS, ${large.toLocaleString("en")} vs ${small.toLocaleString("en")}`,
        size: large,
        measured: rss[large] as number,
        baseline: rss[small] as number,
        ratio: growth,
        target: "≤ 1.25×",
        pass: growth <= 1.25,
      });
    }
    return rows;
  } finally {
    await sim.close();
    await s3.close();
    await rm(directory, { recursive: true, force: true });
  }
}
