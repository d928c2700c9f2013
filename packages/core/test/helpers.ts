import { type Config, loadConfig } from "@nhn-images/core";
import { DEMO_CREDENTIALS, type Simulator } from "@nhn-images/simulator";

/** The environment that points a consumer at a running simulator with the demo credentials. */
export function simulatorEnv(sim: Simulator, apiVersion: "v1" | "v2"): Record<string, string> {
  return {
    NHN_API_VERSION: apiVersion,
    NHN_APPKEY: DEMO_CREDENTIALS.appkey,
    NHN_TENANT_ID: DEMO_CREDENTIALS.tenantId,
    NHN_USERNAME: DEMO_CREDENTIALS.username,
    NHN_API_PASSWORD: DEMO_CREDENTIALS.password,
    NHN_COMPUTE_URL: sim.url,
    NHN_IMAGE_URL: sim.url,
    NHN_IDENTITY_URL: `${sim.url}/v2.0`,
  };
}

export function simulatorConfig(
  sim: Simulator,
  apiVersion: "v1" | "v2",
  overrides: Record<string, string> = {},
): Config {
  return loadConfig({ ...simulatorEnv(sim, apiVersion), ...overrides });
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
