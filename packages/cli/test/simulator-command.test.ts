import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { CLI, cliEnv, OUTSIDE_WORKSPACE, runCli } from "./cli-harness.ts";

describe("nhn-images simulator", () => {
  it("serves NHN Cloud until Ctrl-C, printing the settings that point nhn-images at it", async () => {
    const child = spawn(CLI, ["simulator", "--port", "0", "--images", "5", "--seed", "3"], {
      env: cliEnv({}),
      cwd: OUTSIDE_WORKSPACE,
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    while (!/NHN_IDENTITY_URL=(\S+)\/v2\.0/.test(stderr)) {
      if (child.exitCode !== null) throw new Error(`exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /NHN_IDENTITY_URL=(\S+)\/v2\.0/.exec(stderr)?.[1] as string;
    expect(stderr).toMatch(/^NHN Cloud simulator: 5 images per region \(seed 3, day 0\)/);
    // What the banner prints is enough: the command lists the simulator's images with it.
    const settings = Object.fromEntries(
      [...stderr.matchAll(/(NHN_[A-Z_]+)=(\S+)/g)]
        .slice(0, 6)
        .map((m) => [m[1] as string, m[2] as string]),
    );
    const listed = await runCli(["images", "-o", "ndjson"], settings);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n").length).toBeGreaterThan(5);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(stdout).toBe("");
  });

  it("a bad flag exits 2 naming it", async () => {
    const run = await runCli(["simulator", "--images", "lots"], {});
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'nhn-images: --images must be a whole number from 0 to 10000000, got "lots"',
    );
  });
});
