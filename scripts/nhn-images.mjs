// `pnpm nhn-images …`: builds the command when its sources changed (turbo's cache makes that a
// no-op otherwise), then runs it. The build's own output is kept back — stdout carries only
// the command's data — and shown only if the build fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const build = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "build", "--filter=@nhn-images/cli", "--output-logs=errors-only"],
  { cwd: root, encoding: "utf8", env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
  process.stderr.write("nhn-images: the command could not be built (above)\n");
  process.exit(1);
}
// As the command's own shebang does: a failure's stack (--verbose) then names the sources.
process.setSourceMapsEnabled(true);
await import(new URL("../packages/cli/dist/nhn-images.mjs", import.meta.url).href);
