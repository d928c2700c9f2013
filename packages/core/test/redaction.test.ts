import { inspect } from "node:util";
import { createImageClient, loadConfig } from "@nhn-images/core";
import { startSimulator } from "@nhn-images/simulator";
import { recordingLogger } from "@nhn-images/test-support";
import { describe, expect, it } from "vitest";

const PASSWORD = "sentinel-password-7f3a";
const TOKEN = "sentinel-token-91bc";

describe("secrets", () => {
  it("never appear in logs, errors or serialised state, whatever fails", async () => {
    const sim = await startSimulator({
      images: 5,
      credentials: { password: PASSWORD, secretAccessKey: PASSWORD },
    });
    const logger = recordingLogger();
    const shown: string[] = [];
    const record = (value: unknown) => {
      shown.push(
        inspect(value, { depth: 20, showHidden: true }),
        JSON.stringify(value) ?? "",
        String(value),
      );
    };
    try {
      const scenarios: Record<string, string>[] = [
        { ...sim.env("v1"), NHN_API_PASSWORD: PASSWORD },
        { ...sim.env("v1"), NHN_API_PASSWORD: "wrong", NHN_AUTH_TOKEN: TOKEN },
        { ...sim.env("v2"), NHN_API_PASSWORD: PASSWORD, NHN_REGION: "all" },
        { ...sim.env("v2"), NHN_AUTH_TOKEN: TOKEN, NHN_IMAGE_URL: sim.url },
        { ...sim.env("v1"), NHN_API_PASSWORD: `${PASSWORD}-wrong` },
      ];
      const faults = [
        undefined,
        { kind: "status", status: 500 },
        { kind: "truncated-body" },
        { kind: "malformed-json" },
        { kind: "v1-failure", resultCode: -3 },
        { kind: "latency", ms: 300 },
      ] as const;
      for (const overrides of scenarios) {
        for (const fault of faults) {
          sim.faults.clear();
          if (fault !== undefined) sim.faults.add({ fault });
          const config = loadConfig({
            NHN_TIMEOUT_MS: "100",
            NHN_MAX_RETRIES: "1",
            ...overrides,
          });
          record(config);
          const client = createImageClient(config, { logger, sleep: async () => {} });
          try {
            record(await client.listAllImages());
          } catch (error) {
            record(error);
            record((error as Error).cause);
          }
        }
      }
      for (const line of logger.lines) record(line);
    } finally {
      await sim.close();
    }
    const everything = shown.join("\n");
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(TOKEN);
  });
});
