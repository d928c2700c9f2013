// Runs the built `nhn-images` (packages/cli/dist/nhn-images.mjs) as a subprocess, as a user
// would, with only the settings a test gives it (never the runner's own NHN_* or AWS_*).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../dist/nhn-images.mjs", import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A directory with no `.local/stack.json` above it: no running `pnpm dev` is found from there. */
export const OUTSIDE_WORKSPACE = mkdtempSync(join(tmpdir(), "nhn-images-cli-"));

/**
 * The environment of a run: a PATH that finds this Node first (the command's shebang runs
 * `node`), HOME, then `settings`.
 */
export function cliEnv(settings: Record<string, string>): Record<string, string> {
  const path = `${dirname(process.execPath)}:${process.env.PATH ?? ""}`;
  return { PATH: path, HOME: OUTSIDE_WORKSPACE, ...settings };
}

export function runCli(
  args: readonly string[],
  settings: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    // Run as a user runs it: the file itself, through its shebang.
    execFile(
      CLI,
      args,
      {
        env: cliEnv(settings),
        cwd: options.cwd ?? OUTSIDE_WORKSPACE,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Runs the command on a terminal: util-linux's `script` gives it a pseudo-terminal for stdin,
 * stdout and stderr (which `script` merges into what it records), `columns` wide.
 */
export function runCliOnTerminal(
  args: readonly string[],
  settings: Record<string, string>,
  columns = 100,
): Promise<CliRun> {
  const quoted = [CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`);
  return new Promise((resolve) => {
    const child = spawn(
      "script",
      [
        "--quiet",
        "--return",
        "--command",
        `stty cols ${columns}; ${quoted.join(" ")}`,
        "/dev/null",
      ],
      { env: cliEnv({ TERM: "xterm", ...settings }), cwd: OUTSIDE_WORKSPACE },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr: "" }));
  });
}

/** Lines of NDJSON, each parsed. */
export function ndjson(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** Whether text holds an ANSI escape sequence (colour, cursor movement, a progress bar's redraw). */
export function hasAnsi(text: string): boolean {
  return text.includes("\u001b");
}
