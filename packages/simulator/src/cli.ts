import { parseArgs } from "node:util";
import { DEMO_CREDENTIALS, startSimulator } from "./server.ts";

// `pnpm start -- --port 8787` passes the `--` through; parseArgs would end options there.
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === "--" ? args.slice(1) : args,
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    images: { type: "string", default: "500" },
    seed: { type: "string", default: "1" },
  },
  allowPositionals: true,
});

const port = Number(values.port);
const images = Number(values.images);
const seed = Number(values.seed);
for (const [name, value] of [
  ["--port", port],
  ["--images", images],
  ["--seed", seed],
] as const) {
  if (!Number.isInteger(value) || value < 0) {
    console.error(
      `${name} must be a whole number, got ${JSON.stringify(values[name.slice(2) as "port"])}`,
    );
    process.exit(2);
  }
}

const sim = await startSimulator({ port, host: values.host, images, seed });
const c = DEMO_CREDENTIALS;
console.log(`NHN Cloud simulator: ${images} images (seed ${seed}) at ${sim.url}
  NHN_COMPUTE_URL=${sim.url}
  NHN_IMAGE_URL=${sim.url}
  NHN_IDENTITY_URL=${sim.url}/v2.0
  appkey ${c.appkey}, tenant ${c.tenantId}, user ${c.username}, API password ${c.password}

  curl -s -X POST ${sim.url}/v1.0/appkeys/${c.appkey}/tokens -d '{"auth":{"username":"${c.username}","password":"${c.password}"}}'
  curl -s -X POST ${sim.url}/v2.0/tokens -d '{"auth":{"tenantId":"${c.tenantId}","passwordCredentials":{"username":"${c.username}","password":"${c.password}"}}}'`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
