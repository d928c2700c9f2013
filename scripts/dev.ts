// `pnpm dev`: the simulator (unless NHN_* variables point at NHN Cloud), a local S3 server, a
// local EventBridge sink for the export's change events and the API through serverless-offline,
// wired by environment variables. Ctrl-C stops everything.
//
// Ports: DEV_API_PORT (3000), DEV_SIMULATOR_PORT (8787), DEV_S3_PORT (4569), DEV_EVENTS_PORT
// (4571), DEV_LAMBDA_PORT (3002); 0 picks a free one. DEV_IMAGES sets how many images the
// simulator serves per region (500).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { LOCAL_SIMULATOR_IMAGES, startLocalSimulator } from "@nhn-images/cli/local-simulator";
import { removeLocalStackState, writeLocalStackState } from "@nhn-images/cli/local-stack-state";
import { configuresNhnCloud } from "@nhn-images/cli/settings";
import {
  countFrom,
  DEFAULT_EVENTS_PORT,
  DEFAULT_S3_PORT,
  DEFAULT_SIMULATOR_PORT,
  eventsEnv,
  portFrom,
  ROOT,
  STACK_FILE,
  startLocalEventSink,
  startLocalS3,
} from "./local-stack.ts";

const apiPort = portFrom("DEV_API_PORT", 3000);
const lambdaPort = portFrom("DEV_LAMBDA_PORT", 3002);
const images = countFrom("DEV_IMAGES", LOCAL_SIMULATOR_IMAGES);

// The SDK's Node-version warning (the Lambdas run Node 22; README says so) is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const cleanups: (() => Promise<unknown>)[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  process.exit(code);
}
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

const real = configuresNhnCloud(process.env);
let upstreamEnv: Record<string, string> = {};
let upstreamUrl = "NHN Cloud (from your NHN_* variables)";
if (!real) {
  const { sim, env } = await startLocalSimulator(
    { port: portFrom("DEV_SIMULATOR_PORT", DEFAULT_SIMULATOR_PORT), images },
    process.env.NHN_API_VERSION,
  );
  cleanups.push(() => sim.close());
  upstreamEnv = env;
  upstreamUrl = `${sim.url} (simulator, ${images} images per region, api ${env.NHN_API_VERSION})`;
}
const s3 = await startLocalS3(portFrom("DEV_S3_PORT", DEFAULT_S3_PORT));
cleanups.push(() => s3.close());
// What `pnpm export:local` publishes shows up here, as a rule's target would receive it.
const events = await startLocalEventSink(portFrom("DEV_EVENTS_PORT", DEFAULT_EVENTS_PORT), (line) =>
  console.log(`[event] ${line}`),
);
cleanups.push(() => events.close());

const env = { ...process.env, ...upstreamEnv, ...s3.env };
// serverless.yml's environment takes these from stage parameters; the rest comes through
// --localEnvironment. With the simulator there is no SSM: the password is in the environment.
const param = (name: string, value: string | undefined) =>
  value ? [`--param=${name}=${value}`] : [];
const args = [
  "offline",
  "start",
  "--noAuth",
  "--localEnvironment",
  "--host",
  "127.0.0.1",
  "--httpPort",
  String(apiPort),
  "--lambdaPort",
  String(lambdaPort),
  "--noPrependStageInUrl",
  ...param("nhnApiVersion", env.NHN_API_VERSION),
  ...param("nhnRegion", env.NHN_REGION),
  ...param("nhnAppkey", env.NHN_APPKEY),
  ...param("nhnTenantId", env.NHN_TENANT_ID),
  ...param("nhnUsername", env.NHN_USERNAME),
  ...param("cacheTtlSeconds", env.IMAGES_CACHE_TTL_S),
  ...param("nhnUsage", env.NHN_USAGE),
  // The list function reads the local S3 for asOf and the history routes.
  "--param=runsOn=local",
  ...param("inventoryBucket", env.INVENTORY_BUCKET),
  ...param("inventoryPrefix", env.INVENTORY_PREFIX),
  ...param("inventoryEndpoint", env.S3_ENDPOINT),
  ...param("inventoryRegion", env.S3_REGION),
];
const offline = spawn(join(ROOT, "node_modules/.bin/serverless"), args, {
  cwd: ROOT,
  env: { ...env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
  stdio: ["ignore", "pipe", "pipe"],
});
cleanups.push(
  () =>
    new Promise<void>((resolve) => {
      if (offline.exitCode !== null) return resolve();
      offline.once("exit", () => resolve());
      // In our process group: a Ctrl-C reaches it too, and nothing outlives a killed `pnpm dev`.
      if (!offline.kill("SIGTERM")) resolve();
    }),
);
offline.once("exit", (code) => {
  if (!stopping) {
    if (!ready) process.stderr.write(startup);
    console.error(`serverless-offline exited (${code}); stopping`);
    void stop(1);
  }
});

// Until the API is up, serverless-offline's banner is kept back (and shown if it fails);
// after that, its request lines and the functions' logs pass through.
let ready = false;
let startup = "";
const onOutput = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
  const text = chunk.toString();
  if (ready || process.env.DEV_VERBOSE) target.write(text);
  else startup += text;
  if (!ready && /Server ready/i.test(text)) announce();
};
offline.stdout?.on("data", onOutput(process.stdout));
offline.stderr?.on("data", onOutput(process.stderr));

function announce(): void {
  ready = true;
  const api = `http://127.0.0.1:${apiPort}`;
  // What export:local and nhn-images read to use this stack (removed when it stops).
  const state = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    api,
    upstream: real ? null : upstreamEnv,
    inventory: s3.env,
    events: eventsEnv(events.url),
  };
  writeLocalStackState(STACK_FILE, state);
  cleanups.push(async () => removeLocalStackState(STACK_FILE, process.pid));
  const settings = Object.entries({ ...state.upstream, ...state.inventory, ...state.events })
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
  console.log(`
nhn-images is running
  API        ${api}   (serverless-offline, no auth locally; IAM in AWS)
  upstream   ${upstreamUrl}
  local S3   ${s3.url}   bucket nhn-images-local (data in .local/s3)
  events     ${events.url}   EventBridge PutEvents sink: change events are printed here and kept in .local/events/events.ndjson

The stack's settings (kept in .local/stack.json, which pnpm nhn-images and pnpm export:local read;
export them to point @nhn-images/core or a script of your own at this stack):
  ${wrap(settings)}

Try:
  pnpm nhn-images images --status active --name 'ubuntu*'
  curl -s '${api}/images?status=active&limit=2'
  curl -s '${api}/images?name=ubuntu*&fitsDisk=20&sort=createdAt:desc&fields=name,status,minDisk&format=csv'
  curl -s '${api}/images/latest?family=Ubuntu%20Server%2024.04.3%20LTS'
  curl -s '${api}/families?visibility=public&format=csv'
  pnpm nhn-images latest --family 'Ubuntu Server 24.04.3 LTS' -o id
  curl -s '${api}/openapi.json' | head -c 300

Write a snapshot into the local S3, and its change events to the sink, with: pnpm export:local
(EXPORT_DATE=YYYY-MM-DD for another day: two successive days show images added, removed and changed)
then ask the inventory:
  curl -s '${api}/snapshots'
  curl -s '${api}/changes?change=removed,changed&format=csv'
  curl -s '${api}/images?asOf=${new Date().toISOString().slice(0, 10)}&status=deactivated'
(Ctrl-C stops everything)`);
}

/** Settings wrapped at about 100 columns, continued lines indented. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + word.length > 96) {
      lines.push(line);
      line = "";
    }
    line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join("\n  ");
}
