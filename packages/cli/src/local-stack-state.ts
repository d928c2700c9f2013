import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as z from "zod";

/**
 * Where a running `pnpm dev` says what it runs, relative to the workspace root: `export:local`
 * and `nhn-images` read it to use that stack (its simulator, its S3, its event sink) rather
 * than guess its ports. It holds no secret: only the simulator's demo credentials and the
 * local S3's fixed keys, never a variable of the user's own.
 */
export const LOCAL_STACK_FILE = ".local/stack.json";

const Settings = z.record(z.string(), z.string());

const LocalStackState = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  /** The API through serverless-offline. */
  api: z.string(),
  /** The simulator's settings (`NHN_*`), or null when the stack talks to NHN Cloud itself. */
  upstream: Settings.nullable(),
  /** The local S3's settings (`INVENTORY_BUCKET`, `S3_ENDPOINT`, its keys). */
  inventory: Settings,
  /** The local EventBridge sink's settings (`EVENT_BUS_NAME`, `EVENTBRIDGE_ENDPOINT`, …). */
  events: Settings,
});
export type LocalStackState = z.infer<typeof LocalStackState>;

/** Writes the state of the stack this process runs to `file` (whole, or not at all). */
export function writeLocalStackState(file: string, state: LocalStackState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.${state.pid}`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.${state.pid}`, file);
}

/** Removes the state file if it is still this process's. */
export function removeLocalStackState(file: string, pid: number): void {
  if (readState(file)?.pid === pid) rmSync(file, { force: true });
}

/** The stack `file` describes, or null: no such file, or its process is gone. */
export function runningStack(file: string): LocalStackState | null {
  const state = readState(file);
  return state !== null && isRunning(state.pid) ? state : null;
}

/**
 * The stack running for the workspace `from` is in (looked for in `from` and each directory
 * above), or null: no state file, or its process is gone (a killed `pnpm dev` leaves one).
 */
export function findLocalStack(from: string): { root: string; state: LocalStackState } | null {
  for (let directory = from; ; directory = dirname(directory)) {
    const state = readState(join(directory, LOCAL_STACK_FILE));
    if (state !== null) return isRunning(state.pid) ? { root: directory, state } : null;
    if (dirname(directory) === directory) return null;
  }
}

function readState(file: string): LocalStackState | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    const parsed = LocalStackState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
