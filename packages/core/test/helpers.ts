import { type Config, loadConfig } from "@nhn-images/core";
import type { Simulator } from "@nhn-images/simulator";

export function simulatorConfig(
  sim: Simulator,
  apiVersion: "v1" | "v2",
  overrides: Record<string, string> = {},
): Config {
  return loadConfig({ ...sim.env(apiVersion), ...overrides });
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
