import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// packages/core/README.md: a workspace outside this repository depends on core (here by a link,
// as `pnpm add link:…` or `file:` makes it) and consumes its TypeScript source through its own
// TypeScript toolchain — a bundler, or tsx.

const core = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
let outside: string;
let sim: Simulator;

const CONSUMER = `
import { createImageClient, loadConfig, parseImageQuery, selectImages } from "@nhn-images/core";

const client = createImageClient(loadConfig(process.env));
const query = parseImageQuery("status=active&name=ubuntu*&sort=name");
const { images, matched } = selectImages(await client.listAllImages(), query);
console.log(JSON.stringify({ matched, first: images[0]?.name ?? null }));
`;

beforeAll(async () => {
  sim = await startSimulator({ images: 120, seed: 4 });
  outside = await mkdtemp(join(tmpdir(), "nhn-images-consumer-"));
  await writeFile(join(outside, "package.json"), '{ "type": "module", "private": true }\n');
  await mkdir(join(outside, "node_modules/@nhn-images"), { recursive: true });
  await symlink(core, join(outside, "node_modules/@nhn-images/core"), "dir");
  await writeFile(join(outside, "consumer.ts"), CONSUMER);
});
afterAll(async () => {
  await sim.close();
  await rm(outside, { recursive: true, force: true });
});

function expected() {
  const matches = sim
    .listable({ region: "KR1" })
    .filter((i) => i.status === "active" && i.name.toLowerCase().startsWith("ubuntu"))
    .map((i) => i.name)
    .sort();
  return { matched: matches.length, first: matches[0] ?? null };
}

describe("a workspace outside this repository", () => {
  it("bundles core's source with esbuild and runs it on plain Node", async () => {
    await build({
      entryPoints: [join(outside, "consumer.ts")],
      outfile: join(outside, "dist/consumer.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
      banner: {
        js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
      },
    });
    const { stdout } = await promisify(execFile)(process.execPath, ["dist/consumer.mjs"], {
      cwd: outside,
      env: { PATH: process.env.PATH ?? "", ...sim.env("v2") },
    });
    expect(JSON.parse(stdout)).toEqual(expected());
    expect(expected().matched).toBeGreaterThan(0);
  });

  it("runs core's source with tsx", async () => {
    const { stdout } = await promisify(execFile)(tsx, ["consumer.ts"], {
      cwd: outside,
      env: { PATH: process.env.PATH ?? "", ...sim.env("v2") },
    });
    expect(JSON.parse(stdout)).toEqual(expected());
  });
});
