import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The simulator depends on core's schemas, so core cannot list it as a workspace dependency
// without a cycle; core's tests reach the simulator's source through this alias instead.
const simulator = fileURLToPath(new URL("./packages/simulator/src/index.ts", import.meta.url));

// The projects that exercise the built Lambda bundles build them first (once per run).
const buildBundles = fileURLToPath(new URL("./test/build-bundles.ts", import.meta.url));
// The projects that run the real OpenStack services (Glance, Swift) install them if they can.
const realOpenStack = fileURLToPath(new URL("./test/real-openstack.ts", import.meta.url));

const project = (
  name: string,
  root: string,
  needs: { bundles?: boolean; openstack?: boolean } = {},
  include = ["test/**/*.test.ts"],
) => ({
  extends: true as const,
  test: {
    name,
    root,
    include,
    globalSetup: [
      ...(needs.openstack === true ? [realOpenStack] : []),
      ...(needs.bundles === true ? [buildBundles] : []),
    ],
  },
});

// .ci/run sets TEST_RESULTS_JSON to read the pass/fail counts from vitest's JSON reporter.
const resultsFile = process.env.TEST_RESULTS_JSON;

export default defineConfig({
  resolve: { alias: { "@nhn-images/simulator": simulator } },
  test: {
    ...(resultsFile ? { reporters: ["default", "json"], outputFile: { json: resultsFile } } : {}),
    // The SDK warns on Node 20 that its releases after January 2027 need Node 22 (README says
    // so); a test's output is no place for it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      project("core", "packages/core"),
      project("inventory", "packages/inventory"),
      project("lifecycle", "packages/lifecycle", { openstack: true }),
      project("simulator", "packages/simulator", { openstack: true }),
      project("test-support", "packages/test-support"),
      project("list-images", "functions/list-images", { bundles: true, openstack: true }),
      project("export-inventory", "functions/export-inventory", { bundles: true, openstack: true }),
      project("plan-lifecycle", "functions/plan-lifecycle", { bundles: true, openstack: true }),
      project("cli", "packages/cli", { bundles: true, openstack: true }),
      project("deploy", ".", { bundles: true }, ["test/*.test.ts"]),
    ],
  },
});
