import { parseArgs } from "node:util";
import { DEMO_CREDENTIALS, DEMO_PROJECT } from "./projects.ts";
import { startSimulator } from "./server.ts";

// `pnpm start -- --port 8787` passes the `--` through; parseArgs would end options there.
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === "--" ? args.slice(1) : args,
  options: {
    port: { type: "string", default: "8787" },
    host: { type: "string", default: "127.0.0.1" },
    images: { type: "string", default: "500" },
    seed: { type: "string", default: "1" },
    day: { type: "string", default: "0" },
  },
  allowPositionals: true,
});

const numbers = {
  port: Number(values.port),
  images: Number(values.images),
  seed: Number(values.seed),
  day: Number(values.day),
};
for (const [name, value] of Object.entries(numbers)) {
  const max = name === "port" ? 65_535 : name === "images" ? 10_000_000 : Number.MAX_SAFE_INTEGER;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(
      `--${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(values[name as keyof typeof values])}`,
    );
    process.exit(2);
  }
}

const sim = await startSimulator({ ...numbers, host: values.host });
const c = DEMO_CREDENTIALS;
console.log(`NHN Cloud simulator: ${numbers.images} images per region (seed ${numbers.seed}, day ${numbers.day}) at ${sim.url}

  v2 (Glance; image endpoints from the token's service catalog):
    NHN_API_VERSION=v2 NHN_IDENTITY_URL=${sim.url}/v2.0 NHN_TENANT_ID=${DEMO_PROJECT.id}
    NHN_USERNAME=${c.username} NHN_API_PASSWORD=${c.password} NHN_REGION=all
  v1 (appkey API, KR1):
    NHN_API_VERSION=v1 NHN_COMPUTE_URL=${sim.url} NHN_APPKEY=${c.appkey}
    NHN_USERNAME=${c.accessKeyId} NHN_API_PASSWORD=${c.secretAccessKey}

  curl -s -X POST ${sim.url}/v2.0/tokens -d '{"auth":{"tenantId":"${DEMO_PROJECT.name}","passwordCredentials":{"username":"${c.username}","password":"${c.password}"}}}'
  curl -s -X POST ${sim.url}/v1.0/appkeys/${c.appkey}/tokens -d '{"auth":{"username":"${c.accessKeyId}","password":"${c.secretAccessKey}"}}'`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.close().then(() => process.exit(0));
  });
}
