import { parseArgs } from "node:util";
import { simulatorBanner } from "./banner.ts";
import { SIMULATOR_LIMITS, startSimulator } from "./server.ts";

const USAGE = `Usage: pnpm --filter @nhn-images/simulator start -- [--port 8787] [--host 127.0.0.1] [--images 500] [--seed 1] [--day 0]

Starts a local NHN Cloud (Keystone with a service catalog, the v1 appkey API, Glance v2 in every
region) and prints the settings that point nhn-images at it. Ctrl-C stops it.

Example:
  pnpm --filter @nhn-images/simulator start -- --port 8787 --images 2000 --seed 7`;

// `pnpm start -- --port 8787` passes the `--` through; parseArgs would end options there.
const args = process.argv.slice(2);
let values: Record<string, string | boolean | undefined>;
try {
  values = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      images: { type: "string", default: "500" },
      seed: { type: "string", default: "1" },
      day: { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const numbers = { port: 0, images: 0, seed: 0, day: 0 };
for (const name of Object.keys(numbers) as (keyof typeof numbers)[]) {
  const text = String(values[name]);
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > SIMULATOR_LIMITS[name]) {
    console.error(
      `--${name} must be a whole number from 0 to ${SIMULATOR_LIMITS[name]}, got ${JSON.stringify(text)}`,
    );
    process.exit(2);
  }
  numbers[name] = value;
}

try {
  const sim = await startSimulator({ ...numbers, host: String(values.host) });
  console.log(simulatorBanner(sim, numbers));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void sim.close().then(() => process.exit(0));
    });
  }
} catch (error) {
  // e.g. EADDRINUSE: one line, not a stack.
  console.error(`The simulator could not start: ${(error as Error).message}`);
  process.exit(1);
}
