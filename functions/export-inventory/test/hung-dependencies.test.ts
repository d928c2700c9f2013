import type { Latest } from "@nhn-images/inventory";
import { EventPublishError, MAX_ATTEMPTS } from "@nhn-images/inventory/export";
import { type SilentServer, startSilentServer } from "@nhn-images/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

// Short deadlines, so a hung dependency costs the test a second or two, not the minutes the
// defaults allow; what is proven is that they abort at all (the SDK's `requestTimeout` alone
// only logs a warning).
const SHORT = { connectMs: 500, answerMs: 300, idleMs: 300 };
const AWS = {
  AWS_ACCESS_KEY_ID: "AKIAHUNGBUS",
  AWS_SECRET_ACCESS_KEY: "hung-bus-secret-sentinel-5b1e",
  AWS_REGION: "ap-northeast-2",
};

let h: Harness;
let silent: SilentServer;
beforeAll(async () => {
  h = await startHarness({ images: 40, seed: 5 });
  silent = await startSilentServer();
});
afterAll(async () => {
  await silent.close();
  await h.close();
});
beforeEach(() => {
  h.metrics.length = 0;
  h.logs.length = 0;
});

describe("a dependency that accepts the connection and never answers", () => {
  it("a hung event bus: each PutEvents is cut off, retried, then the run fails with ChangeEventsFailed; the snapshot stands", async () => {
    const connectionsBefore = silent.connections;
    const run = h.handler({
      apiVersion: "v2",
      now: at("2026-10-05T16:00:00Z"),
      deadlines: { bus: SHORT },
      env: { EVENT_BUS_NAME: "ops", EVENTBRIDGE_ENDPOINT: silent.url, ...AWS },
    })({ date: "2026-10-05" });
    await expect(run).rejects.toThrow(EventPublishError);
    await expect(run).rejects.toThrow(/not put on the bus ops \(TimeoutError/);
    // Every attempt reached the bus (a connection each: a cut-off one is not reused) and was
    // given up on.
    expect(silent.connections - connectionsBefore).toBe(MAX_ATTEMPTS);
    expect(silent.bytesReceived).toBeGreaterThan(0);
    const manifest = await h.manifest("2026-10-05");
    await h.verifyManifest(manifest);
    expect(await h.json<Latest>(`${PREFIX}latest.json`)).toMatchObject({
      snapshotDate: "2026-10-05",
    });
    expect(h.metrics.map((metric) => metric.name)).toContain("ChangeEventsFailed");
    expect(h.metrics.map((metric) => metric.name)).not.toContain("ExportFailed");
    expect(h.logs.find((line) => line.level === "error")?.message).toBe(
      "Change events were not all published",
    );
  });

  it("a hung object store: the run fails naming the time-out, and writes nothing", async () => {
    const keysBefore = await h.keys();
    const run = h.handler({
      apiVersion: "v2",
      now: at("2026-10-06T16:00:00Z"),
      deadlines: { store: SHORT },
      env: { S3_ENDPOINT: silent.url },
    })({ date: "2026-10-06" });
    await expect(run).rejects.toThrow(/TimeoutError|timed out|time-?out/i);
    expect(h.metrics.map((metric) => metric.name)).toContain("ExportFailed");
    expect(await h.keys()).toEqual(keysBefore);
  });
});
