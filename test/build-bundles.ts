// vitest global setup: the bundle, template and pnpm-dev tests exercise the built Lambda
// bundles, so `vitest run` builds them first (turbo skips it when nothing changed).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const built = Symbol.for("nhn-images.bundles-built");

export default function buildBundles(): void {
  const state = globalThis as { [built]?: boolean };
  if (state[built]) return;
  state[built] = true;
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(
    join(root, "node_modules/.bin/turbo"),
    ["run", "build", "--output-logs=errors-only"],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
}
