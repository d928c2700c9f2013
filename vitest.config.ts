import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The simulator depends on core's schemas, so core cannot list it as a workspace dependency
// without a cycle; core's tests reach the simulator's source through this alias instead.
const simulator = fileURLToPath(new URL("./packages/simulator/src/index.ts", import.meta.url));

const project = (name: string, root: string) => ({
  extends: true as const,
  test: { name, root, include: ["test/**/*.test.ts"] },
});

export default defineConfig({
  resolve: { alias: { "@nhn-images/simulator": simulator } },
  test: {
    globalSetup: ["./test/build-bundles.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      project("core", "packages/core"),
      project("simulator", "packages/simulator"),
      project("list-images", "functions/list-images"),
      project("export-inventory", "functions/export-inventory"),
      project("deploy", "."),
    ],
  },
});
