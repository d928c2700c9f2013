import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** `pnpm --filter @nhn-images/simulator start -- …`, as the README runs it: tsx on src/cli.ts. */
function start(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url)),
      ["src/cli.ts", "--", ...args],
      { cwd: root, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

describe("the simulator's command line", () => {
  it("--help prints its usage with an example and exits 0, not a stack", async () => {
    const run = await start(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pnpm --filter @nhn-images\/simulator start -- /);
    expect(run.stdout).toContain("Example:");
    expect(run.stderr).toBe("");
  });

  it.each([
    [["--bogus"], /^Unknown option '--bogus'/],
    [["--port", "99999"], /^--port must be a whole number from 0 to 65535, got "99999"/],
  ])("%j exits 2 with one line and the usage, no stack", async (args, message) => {
    const run = await start(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
