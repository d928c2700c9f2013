import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "nhn-images-scripts-"));
});
afterAll(() => rm(home, { recursive: true, force: true }));

/** `pnpm export:local` without its build step, with no pnpm dev to find. */
function exportLocal(settings: Record<string, string>) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NHN_|DEV_|EXPORT_|INVENTORY_)/.test(k)),
  );
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(root, "node_modules/.bin/tsx"),
      ["scripts/export-local.ts"],
      {
        cwd: root,
        env: { ...env, DEV_STACK_FILE: join(home, "none.json"), ...settings },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe("pnpm export:local, the first ten minutes", () => {
  it("takes DEV_IMAGES as a count up to ten million, and a future EXPORT_DATE is one line", async () => {
    const run = await exportLocal({ DEV_IMAGES: "100000", EXPORT_DATE: tomorrow() });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      new RegExp(
        `^EXPORT_DATE ${tomorrow()} is after today \\(\\d{4}-\\d{2}-\\d{2}, UTC\\): nothing to snapshot yet$`,
      ),
    );
    const tooMany = await exportLocal({ DEV_IMAGES: "20000000" });
    expect(tooMany.stderr.trim()).toBe(
      'DEV_IMAGES must be a whole number (0-10000000), got "20000000"',
    );
  });

  it("a server that is not S3 on the S3 port: one line saying which setting moves it", async () => {
    const server = createServer((_req, res) => res.end("<html>not S3</html>"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const run = await exportLocal({ DEV_S3_PORT: String(port), DEV_EVENTS_PORT: "0" });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines[0]).toBe(
        `export:local: port ${port} is in use, and not by this workspace's pnpm dev (no .local/stack.json names it): stop what uses it, or set DEV_S3_PORT to another port`,
      );
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe("(DEBUG=nhn-images for the stack)");
      expect(run.stdout).toBe("");
    } finally {
      server.close();
    }
  });

  it("a failure inside the bundle is one readable line, not minified source", async () => {
    // An export the store refuses: the bundle throws from its minified code.
    const run = await exportLocal({
      DEV_S3_PORT: "0",
      DEV_EVENTS_PORT: "0",
      DEV_IMAGES: "3",
      EXPORT_MAX_DROP_PCT: "abc",
    });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toMatch(
      /^export:local: Invalid configuration: EXPORT_MAX_DROP_PCT: must be a whole number/,
    );
    expect(run.stderr.length).toBeLessThan(600);
    const verbose = await exportLocal({
      DEV_S3_PORT: "0",
      DEV_EVENTS_PORT: "0",
      DEV_IMAGES: "3",
      EXPORT_MAX_DROP_PCT: "abc",
      DEBUG: "nhn-images",
    });
    expect(verbose.stderr).toMatch(/^\s+at .*packages\/core\/src\/config\//m);
  });
});
