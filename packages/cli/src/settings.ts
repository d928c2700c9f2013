import { closeSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { UsageError } from "./cli-error.ts";
import { LOCAL_SIMULATOR_IMAGES, startLocalSimulator } from "./local-simulator.ts";
import { findLocalStack } from "./local-stack-state.ts";

export type Settings = Readonly<Record<string, string | undefined>>;

/** What a command needs from its settings: NHN Cloud, the inventory bucket, the event bus. */
export interface SettingsNeeds {
  readonly upstream?: boolean;
  readonly inventory?: boolean;
  readonly events?: boolean;
}

/** The settings a command runs with, and what to stop when it is done. */
export interface ResolvedSettings {
  readonly env: Settings;
  close(): Promise<void>;
}

/** Whether NHN Cloud itself is configured (any of these set): then no simulator stands in. */
export function configuresNhnCloud(env: Settings): boolean {
  return ["NHN_APPKEY", "NHN_AUTH_TOKEN", "NHN_USERNAME", "NHN_TENANT_ID"].some(
    (name) => (env[name] ?? "") !== "",
  );
}

/**
 * The environment of the functions (DESIGN.md), plus `--env-file` (whose values fill in what the
 * environment does not set, as Node's own `--env-file` does). With nothing of NHN Cloud
 * configured, a command that needs upstream uses the simulator of the running `pnpm dev`
 * (`.local/stack.json`) or starts the embedded one; without `INVENTORY_BUCKET`, one that needs
 * the inventory uses the running stack's local S3 (and its event sink). `note` says which.
 */
export async function resolveSettings(
  envFile: string | undefined,
  needs: SettingsNeeds,
  cwd: string,
  note: (line: string) => void,
): Promise<ResolvedSettings> {
  const env: Record<string, string | undefined> = {
    ...readEnvFile(envFile === undefined ? undefined : resolve(cwd, envFile)),
    ...process.env,
  };
  const stack = needs.upstream || needs.inventory ? findLocalStack(cwd) : null;
  const stops: (() => Promise<void>)[] = [];
  if (needs.upstream && !configuresNhnCloud(env)) {
    if (stack?.state.upstream) {
      Object.assign(env, stack.state.upstream);
      note(`No NHN_* settings: using the simulator of the running pnpm dev (${stack.root}).`);
    } else {
      const { sim, env: simulated } = await startLocalSimulator({}, env.NHN_API_VERSION);
      stops.push(() => sim.close());
      Object.assign(env, simulated);
      note(
        `No NHN_* settings: answering from the embedded simulator (${LOCAL_SIMULATOR_IMAGES} generated images per region). Set NHN_TENANT_ID, NHN_USERNAME and NHN_API_PASSWORD (or --env-file) for NHN Cloud.`,
      );
    }
  }
  if (needs.inventory && (env.INVENTORY_BUCKET ?? "") === "" && stack !== null) {
    Object.assign(env, stack.state.inventory);
    if (needs.events && (env.EVENT_BUS_NAME ?? "") === "") {
      // Filled in, never over what is set: AWS keys of your own stay yours.
      for (const [name, value] of Object.entries(stack.state.events)) env[name] ??= value;
    }
    note(`No INVENTORY_BUCKET: using the local S3 of the running pnpm dev (${env.S3_ENDPOINT}).`);
  }
  return {
    env,
    close: async () => {
      for (const stop of stops) await stop();
    },
  };
}

/** The most of an `--env-file` read: settings are a few lines; `/dev/zero` is not a file of them. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

/**
 * The settings of `--env-file`: at most {@link MAX_ENV_FILE_BYTES} read (a device or a huge
 * file is refused, not read to its end), a UTF-8 byte-order mark dropped (an editor's BOM would
 * hide the first setting), Node's own `.env` syntax.
 *
 * @throws {UsageError} when it cannot be read, is larger, or sets nothing.
 */
function readEnvFile(file: string | undefined): Record<string, string> {
  if (file === undefined) return {};
  let bytes: Buffer;
  try {
    bytes = readAtMost(file, MAX_ENV_FILE_BYTES + 1);
  } catch (error) {
    throw new UsageError(
      `--env-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  if (bytes.length > MAX_ENV_FILE_BYTES) {
    throw new UsageError(`--env-file: ${file} is larger than 1 MiB; it is no file of settings`);
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  const settings = parseEnv(text) as Record<string, string>;
  if (Object.keys(settings).length === 0) {
    throw new UsageError(
      `--env-file: ${file} sets nothing (no NAME=value line); see README's settings table`,
    );
  }
  return settings;
}

/** The first `limit` bytes of `file` (fewer when it is shorter). */
function readAtMost(file: string, limit: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const read = readSync(fd, buffer, filled, limit - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
