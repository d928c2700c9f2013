import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSimulator } from "@nhn-images/simulator";
import { startS3 } from "@nhn-images/test-support";
import { benchParquetVsNdjson } from "./parquet-vs-ndjson.ts";

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

/** The snapshot date each bench export writes (bench/export-child.ts's default). */
const EXPORT_DATE = "2026-11-26";

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

/** Export time against the baseline: the export writes five objects (Parquet, NDJSON, CSV). */
const TIME_TARGET = { v1: 2, v2: 1.6 } as const;

/**
 * Export time and peak RSS per size and API: over v1 the export sorts by id (runs spill to
 * /tmp); over v2 it streams Glance's id-ordered pages. The baseline reads the same pages and
 * gzips them as NDJSON to nowhere. After the largest export of the last API, what its Parquet
 * object buys over its NDJSON one (bytes, DuckDB's time for the README's status query).
 */
export async function benchExportScaling(sizes: readonly number[], apis: readonly ("v1" | "v2")[]) {
  const s3 = await startS3("bench");
  const sim = await startSimulator({ images: 0, seed: 2 });
  const rows = [];
  try {
    for (const api of apis) {
      const rss: Record<number, number> = {};
      for (const size of sizes) {
        sim.setImages(size);
        const env = {
          ...sim.env(api),
          NHN_TIMEOUT_MS: "60000",
          ...s3.env(),
          INVENTORY_PREFIX: `bench-${api}-${size}/`,
          POWERTOOLS_LOG_LEVEL: "SILENT",
          POWERTOOLS_METRICS_DISABLED: "true",
          NODE_NO_WARNINGS: "1",
        };
        if (api === "v2") await warmIdOrder(sim.url, env);
        const baseline = await child("baseline", env);
        const exported = await child("export", env);
        // The simulator holds `size` images a region; a complete listing gives what it lists.
        const listed = sim.listable({ api }).length;
        if (exported.images !== listed || baseline.images !== listed) {
          throw new Error(
            `export of ${size} over ${api} saw ${exported.images} images, baseline ${baseline.images}, listable ${listed}`,
          );
        }
        rss[size] = exported.maxRssMB;
        const label = `export over ${api}, ${size.toLocaleString("en")} images`;
        rows.push({
          case: `${label}: time`,
          size,
          measured: exported.ms,
          baseline: baseline.ms,
          ratio: exported.ms / baseline.ms,
          target: `ratio ≤ ${TIME_TARGET[api]}`,
          pass: exported.ms / baseline.ms <= TIME_TARGET[api],
        });
        rows.push({
          case: `${label}: peak RSS (MB)`,
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
          case: `export over ${api}, peak RSS ${large.toLocaleString("en")} vs ${small.toLocaleString("en")}`,
          size: large,
          measured: rss[large] as number,
          baseline: rss[small] as number,
          ratio: growth,
          target: "≤ 1.25×",
          pass: growth <= 1.25,
        });
      }
    }
    const [api, size] = [apis.at(-1), sizes.at(-1)];
    if (api !== undefined && size !== undefined) {
      rows.push(
        ...(await benchParquetVsNdjson(s3, "bench", `bench-${api}-${size}/`, EXPORT_DATE, size)),
      );
    }
    return rows;
  } finally {
    await sim.close();
    await s3.close();
  }
}

/** The simulator builds its id index on the first id-ordered listing: not part of either run. */
async function warmIdOrder(url: string, env: Record<string, string>): Promise<void> {
  const auth = {
    auth: {
      tenantId: env.NHN_TENANT_ID,
      passwordCredentials: { username: env.NHN_USERNAME, password: env.NHN_API_PASSWORD },
    },
  };
  const tokenResponse = await fetch(`${url}/v2.0/tokens`, {
    method: "POST",
    body: JSON.stringify(auth),
  });
  const token = ((await tokenResponse.json()) as { access: { token: { id: string } } }).access.token
    .id;
  await fetch(`${url}/v2/images?sort_key=id&sort_dir=asc&limit=1&visibility=all`, {
    headers: { "x-auth-token": token },
  });
}
