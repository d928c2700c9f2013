import { execFile } from "node:child_process";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSimulator } from "@nhn-images/simulator";
import { build } from "esbuild";
import { median } from "./measure.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const LIST_BUNDLE = join(root, "functions/list-images/dist/index.mjs");
const MINIMAL_BUNDLE = join(root, "bench/.out/minimal.mjs");
/** Two pages of Glance's 1,000: the list reads every image before it filters. */
const COLD_START_IMAGES = 2000;

/** One fresh Node process: import the bundle, serve one request; its wall time in ms. */
async function coldRun(bundle: string, env: Record<string, string>): Promise<number> {
  const script = `const t0 = performance.now();
const { handler } = await import(${JSON.stringify(bundle)});
const r = await handler({ version: "2.0", routeKey: "GET /images", rawPath: "/images", rawQueryString: "status=active&limit=10", headers: {}, requestContext: { requestId: "cold", http: { method: "GET" } } });
if (r.statusCode !== 200) { console.error(r.body); process.exit(1); }
process.stdout.write(String(performance.now() - t0));`;
  const started = performance.now();
  await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, ...env },
  });
  return performance.now() - started;
}

export async function benchColdStart() {
  await mkdir(join(root, "bench/.out"), { recursive: true });
  await build({
    entryPoints: [join(root, "bench/minimal-handler.ts")],
    outfile: MINIMAL_BUNDLE,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    logLevel: "warning",
  });
  const sim = await startSimulator({ images: COLD_START_IMAGES });
  try {
    const env = {
      ...sim.env(),
      POWERTOOLS_LOG_LEVEL: "SILENT",
    };
    const list: number[] = [];
    const minimal: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Alternate, so machine noise hits both.
      if (i % 2 === 0) {
        list.push(await coldRun(LIST_BUNDLE, env));
        minimal.push(await coldRun(MINIMAL_BUNDLE, env));
      } else {
        minimal.push(await coldRun(MINIMAL_BUNDLE, env));
        list.push(await coldRun(LIST_BUNDLE, env));
      }
    }
    const measured = median(list);
    const baseline = median(minimal);
    const size = (await stat(LIST_BUNDLE)).size;
    return [
      {
        case: "cold start: fresh node, import + one request",
        size: COLD_START_IMAGES,
        measured,
        baseline,
        ratio: measured / baseline,
        target: "ratio ≤ 1.5",
        pass: measured / baseline <= 1.5,
      },
      {
        case: "list bundle size (KB, minified)",
        size: 0,
        measured: size / 1024,
        baseline: 250,
        ratio: size / 1024 / 250,
        target: "≤ 250 KB",
        pass: size <= 250 * 1024,
      },
    ];
  } finally {
    await sim.close();
  }
}
