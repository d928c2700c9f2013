import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startSimulator } from "@nhn-images/simulator";

const sim = await startSimulator({ images: 2000 });
const RUN = `const { handler } = await import(process.argv[1]); const r = await handler({ version: "2.0", routeKey: "GET /images", rawPath: "/images", rawQueryString: "status=active&limit=10", headers: {}, requestContext: { requestId: "cold", http: { method: "GET" } } });`;
for (let i = 0; i < 6; i++)
  await promisify(execFile)(
    process.execPath,
    [
      "--cpu-prof",
      "--cpu-prof-dir=/tmp/prof/cpu",
      "--cpu-prof-interval",
      "200",
      "--input-type=module",
      "-e",
      RUN,
      process.argv[2],
    ],
    { env: { ...process.env, ...sim.env(), POWERTOOLS_LOG_LEVEL: "SILENT" } },
  );
await sim.close();
