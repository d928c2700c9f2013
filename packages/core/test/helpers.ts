import { type Config, loadConfig } from "@nhn-images/core";
import type { Simulator } from "@nhn-images/simulator";

export function simulatorConfig(
  sim: Simulator,
  apiVersion: "v1" | "v2",
  overrides: Record<string, string> = {},
): Config {
  return loadConfig({ ...sim.env(apiVersion), ...overrides });
}

/** A logger that keeps every line, to assert on what was (or was not) logged. */
export function recordingLogger() {
  const lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push(extra === undefined ? { level, message } : { level, message, extra });
  };
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn") };
}

/** Records requested back-off delays and returns at once, so retry tests do not wait. */
export function recordingSleep() {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}
