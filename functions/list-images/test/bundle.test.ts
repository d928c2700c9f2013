import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/openapi.ts";
import { httpApiEvent } from "./helpers.ts";

const bundle = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 40 });
});
afterAll(() => sim.close());

describe("the esbuild bundle", () => {
  it("is one minified ESM file with a source map", () => {
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    expect(statSync(bundle).size).toBeLessThan(250 * 1024);
  });

  it("serves the OpenAPI document the source builds (generated once, at bundle time)", async () => {
    const response = await servedInFreshNode(httpApiEvent("/openapi.json"));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/vnd\.oai\.openapi\+json/);
    expect(JSON.parse(response.body)).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("exports handler and serves a request in a fresh Node process", async () => {
    const response = await servedInFreshNode(httpApiEvent("/images?status=active&limit=2"));
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.images).toHaveLength(2);
    expect(body.images.every((i: { status: string }) => i.status === "active")).toBe(true);
  });
});

/** The bundle's answer to `event`, imported and run in a fresh Node process over the simulator. */
async function servedInFreshNode(
  event: unknown,
): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const script = `const { handler } = await import(${JSON.stringify(bundle)});
    const response = await handler(JSON.parse(process.env.EVENT));
    process.stdout.write("\\n@@" + JSON.stringify(response));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", script],
    {
      env: {
        ...process.env,
        ...sim.env("v1"),
        EVENT: JSON.stringify(event),
        POWERTOOLS_LOG_LEVEL: "WARN",
      },
    },
  );
  return JSON.parse(stdout.split("@@")[1] as string);
}
