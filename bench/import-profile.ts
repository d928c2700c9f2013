// What a cold start of the list function spends evaluating each module: `pnpm tsx
// bench/import-profile.ts [runs]`. The list bundle is built once more, unminified, with a
// timestamp appended to every module it carries; a bundle evaluates its modules one after the
// other (dependencies first), so the time between one module's mark and the previous one is
// that module's own top-level work (zod schemas built, classes defined, tables filled). Each
// run is a fresh Node that imports the bundle and serves one request to the simulator; the
// table gives the median per module, grouped by package outside this repository.
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startSimulator } from "@nhn-images/simulator";
import { build, type Plugin } from "esbuild";
import { median } from "./measure.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Appends `globalThis.__importMark(<module>)` to the end of every module the bundle holds. */
const markModules: Plugin = {
  name: "mark-modules",
  setup(bundler) {
    bundler.onLoad({ filter: /\.(ts|js|mjs|cjs)$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      const name = moduleName(path);
      const mark = `\n;globalThis.__importMark?.(${JSON.stringify(name)});\n`;
      return { contents: source + mark, loader: path.endsWith(".ts") ? "ts" : "js" };
    });
  },
};

/** A package's name for a dependency, a path within the repository for our own sources. */
function moduleName(path: string): string {
  const dependency = /node_modules\/(?!.*node_modules\/)((?:@[^/]+\/)?[^/]+)/.exec(path);
  return dependency?.[1] ?? relative(root, path);
}

const RUN = `globalThis.__marks = [["(start)", performance.now()]];
globalThis.__importMark = (name) => globalThis.__marks.push([name, performance.now()]);
const { handler } = await import(process.argv[1]);
const imported = performance.now();
const r = await handler({ version: "2.0", routeKey: "GET /images", rawPath: "/images", rawQueryString: "status=active&limit=10", headers: {}, requestContext: { requestId: "cold", http: { method: "GET" } } });
if (r.statusCode !== 200) { console.error(r.body); process.exit(1); }
process.stdout.write(JSON.stringify({ marks: globalThis.__marks, imported, served: performance.now() }));`;

interface RunTimes {
  marks: [string, number][];
  imported: number;
  served: number;
}

const runs = Number(process.argv[2] ?? 9);
const bundle = join(root, "functions/list-images/dist/.import-profile.mjs");
const simulator = await startSimulator({ images: 2000 });
try {
  await build({
    entryPoints: [join(root, "functions/list-images/src/index.ts")],
    outfile: bundle,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: ["@aws-sdk/*"],
    banner: {
      js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
    },
    plugins: [markModules],
    logLevel: "warning",
  });
  const perModule = new Map<string, number[]>();
  const totals: { imported: number[]; served: number[] } = { imported: [], served: [] };
  for (let i = 0; i < runs; i++) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", RUN, bundle],
      { env: { ...process.env, ...simulator.env(), POWERTOOLS_LOG_LEVEL: "SILENT" } },
    );
    const times = JSON.parse(stdout) as RunTimes;
    const own = new Map<string, number>();
    times.marks.forEach(([name, at], index) => {
      const before = times.marks[index - 1];
      if (before === undefined) return;
      // The first mark also carries reading and compiling the bundle.
      const key = index === 1 ? `${name} (+ reading and compiling the bundle)` : name;
      own.set(key, (own.get(key) ?? 0) + at - before[1]);
    });
    for (const [name, ms] of own) perModule.set(name, [...(perModule.get(name) ?? []), ms]);
    const start = times.marks[0]?.[1] ?? 0;
    totals.imported.push(times.imported - start);
    totals.served.push(times.served - times.imported);
  }
  const rows = [...perModule]
    .map(([name, samples]) => ({ name, ms: median(samples) }))
    .sort((a, b) => b.ms - a.ms);
  console.log(`list function, fresh Node, ${runs} runs, medians (ms):`);
  console.log(`  import ${median(totals.imported).toFixed(1)}`);
  console.log(`  first GET /images over 2,000 images ${median(totals.served).toFixed(1)}`);
  for (const { name, ms } of rows.slice(0, 30)) {
    console.log(`${ms.toFixed(1).padStart(8)}  ${name}`);
  }
  const rest = rows.slice(30).reduce((sum, { ms }) => sum + ms, 0);
  console.log(`${rest.toFixed(1).padStart(8)}  ${rows.length - 30} other modules`);
} finally {
  await simulator.close();
  await rm(bundle, { force: true });
}
