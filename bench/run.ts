// pnpm bench: every figure is a ratio against a baseline timed in the same run; absolute times
// are reported, never asserted. Writes bench/results.json and prints a table.
//   BENCH_ONLY=query,parsing,glob,warm,families,cold,export,calls,history,asof,events,usage,lifecycle,openstack
//   BENCH_EXPORT_SIZES=10000,100000,1000000
//   BENCH_EXPORT_APIS=v1,v2
import { readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { benchAsOfMemory } from "./as-of-memory.ts";
import { benchChangeEvents } from "./change-events.ts";
import { benchColdStart } from "./cold-start.ts";
import { benchExportScaling } from "./export-scaling.ts";
import { benchFamilies } from "./families.ts";
import { benchGlobLinear } from "./glob-linear.ts";
import { benchHistoryRoutes } from "./history-routes.ts";
import { benchLifecycle } from "./lifecycle.ts";
import { benchParsing } from "./parsing.ts";
import { benchQueryEngine } from "./query-engine.ts";
import { benchRealOpenStack } from "./real-openstack.ts";
import { benchUpstreamCalls } from "./upstream-calls.ts";
import { benchUsageListing } from "./usage-listing.ts";
import { benchWarmHandler } from "./warm-handler.ts";

interface Row {
  case: string;
  size: number;
  measured: number;
  baseline: number;
  ratio: number;
  target: string;
  pass: boolean;
  detail?: string;
}

// The SDK's note that its 2027 releases need Node 22 (README says so) is no bench figure.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const only = new Set(
  (
    process.env.BENCH_ONLY ??
    "query,parsing,glob,warm,families,cold,export,calls,history,asof,events,usage,lifecycle,openstack"
  ).split(","),
);
const exportSizes = (process.env.BENCH_EXPORT_SIZES ?? "10000,100000,1000000")
  .split(",")
  .map(Number);
const exportApis = (process.env.BENCH_EXPORT_APIS ?? "v1,v2").split(",") as ("v1" | "v2")[];

const suites: [string, () => Promise<Row[]>][] = [
  ["query", benchQueryEngine],
  ["parsing", benchParsing],
  ["glob", benchGlobLinear],
  ["warm", benchWarmHandler],
  ["families", benchFamilies],
  ["cold", benchColdStart],
  ["calls", benchUpstreamCalls],
  ["export", () => benchExportScaling(exportSizes, exportApis)],
  ["history", benchHistoryRoutes],
  ["asof", benchAsOfMemory],
  ["events", benchChangeEvents],
  ["usage", benchUsageListing],
  ["lifecycle", benchLifecycle],
  ["openstack", benchRealOpenStack],
];

const started = Date.now();
const rows: Row[] = [];
for (const [name, run] of suites) {
  if (!only.has(name)) continue;
  const t0 = Date.now();
  const result = await run();
  rows.push(...result);
  for (const row of result) console.log(format(row));
  console.error(`  (${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

const machine = {
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  date: new Date().toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
};
const out = fileURLToPath(new URL("./results.json", import.meta.url));
// A partial run (BENCH_ONLY, BENCH_EXPORT_SIZES) replaces its own rows and keeps the others.
const kept = await readFile(out, "utf8")
  .then((text) => (JSON.parse(text) as { results: Row[] }).results)
  .catch(() => [] as Row[]);
const ran = new Set(rows.map((row) => `${row.case}\u0000${row.size}`));
const results = [...kept.filter((row) => !ran.has(`${row.case}\u0000${row.size}`)), ...rows];
await writeFile(out, `${JSON.stringify({ machine, results }, null, 2)}\n`);
console.log(
  `\n${rows.filter((r) => r.pass).length}/${rows.length} on target · ${machine.cpus} · Node ${machine.node} · ${machine.durationS} s · bench/results.json`,
);

function format(row: Row): string {
  const n = (x: number) =>
    x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
  const figures =
    row.detail ?? `${n(row.measured)} vs ${n(row.baseline)} → ${row.ratio.toFixed(2)}`;
  return `${row.pass ? "ok  " : "MISS"} ${row.case.padEnd(52)} ${figures.padEnd(28)} target ${row.target}`;
}
