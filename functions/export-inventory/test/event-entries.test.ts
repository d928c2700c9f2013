import {
  entryOf,
  entrySize,
  eventBridgePutEvents,
  MAX_ENTRIES_PER_REQUEST,
  MAX_REQUEST_BYTES,
  PERMANENT_ENTRY_ERRORS,
  type PutEventsEntry,
  publishEvents,
  requestsOf,
  type SnapshotEvent,
  snapshotEvents,
} from "@nhn-images/inventory/export";
import { generateImage } from "@nhn-images/simulator";
import { type EventBus, putEventsFixture, startEventBus } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const AWS = { AWS_ACCESS_KEY_ID: "AKIAENTRIES", AWS_SECRET_ACCESS_KEY: "entries-secret" };
let bus: EventBus;
beforeAll(async () => {
  bus = await startEventBus({ accessKeys: { [AWS.AWS_ACCESS_KEY_ID]: AWS.AWS_SECRET_ACCESS_KEY } });
});
afterAll(() => bus.close());

const image = generateImage(5, 0);
const added = (properties: Record<string, string> = {}): SnapshotEvent => ({
  detailType: "Image Added",
  detail: {
    snapshotDate: "2026-10-01",
    runId: "run",
    change: "added",
    image: { ...image, properties },
    fields: {},
    dedupKey: `2026-10-01:added:KR1:${image.id}`,
  },
});

describe("PutEvents entries", () => {
  it("follow EventBridge's documented limits and error codes", () => {
    const fixture = putEventsFixture();
    expect(MAX_ENTRIES_PER_REQUEST).toBe(fixture.limits.entriesPerRequest.max);
    expect(MAX_REQUEST_BYTES).toBe(fixture.limits.entryBytes - 1);
    expect([...PERMANENT_ENTRY_ERRORS].sort()).toEqual(
      [...fixture.entryErrorCodes.permanent].sort(),
    );
  });

  it("are grouped in order, at most 10 per request and under 256 KB per request", () => {
    const small = Array.from({ length: 25 }, () => entryOf(added(), "b"));
    expect(requestsOf(small).map((request) => request.length)).toEqual([10, 10, 5]);
    const large = Array.from({ length: 5 }, (_, i) =>
      entryOf(added({ blob: "x".repeat(100_000), n: String(i) }), "b"),
    );
    const requests = requestsOf(large);
    expect(requests.map((request) => request.length)).toEqual([2, 2, 1]);
    expect(requests.flat()).toEqual(large);
    for (const request of requests) {
      expect(request.reduce((sum, entry) => sum + entrySize(entry), 0)).toBeLessThanOrEqual(
        MAX_REQUEST_BYTES,
      );
    }
  });

  it("trims an event too large for one entry, says so, and the bus takes it", async () => {
    const huge = added({ description: "é".repeat(200_000), os_type: "linux" });
    const entry = entryOf(huge, "default");
    expect(entrySize(entry)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    const detail = JSON.parse(entry.Detail) as Record<string, unknown>;
    expect(detail).toMatchObject({
      truncated: true,
      change: "added",
      image: { id: image.id, name: image.name, properties: {}, tags: [] },
    });
    // A summary with an enormous per-status count loses only that.
    const summary = snapshotEvents(
      {
        schemaVersion: 2,
        snapshotDate: "2026-10-01",
        runId: "run",
        startedAt: "2026-10-01T15:00:00.000Z",
        finishedAt: "2026-10-01T15:01:00.000Z",
        source: { api: "v2", regions: ["KR1"], projects: ["p"] },
        previousSnapshotDate: null,
        counts: {
          images: 1,
          byStatus: Object.fromEntries(
            Array.from({ length: 20_000 }, (_, i) => [`status-${i}`, 1]),
          ),
          byDiskFormat: { qcow2: 1 },
          byRegion: { KR1: 1 },
          byVisibility: { public: 1 },
          public: 1,
          private: 0,
          totalBytes: 1,
        },
        changes: { added: 1, removed: 0, changed: 0 },
        objects: [],
      },
      "nhn-images/manifests/dt=2026-10-01/manifest.json",
      [],
    )[0] as SnapshotEvent;
    const trimmed = JSON.parse(entryOf(summary, "default").Detail) as Record<string, unknown>;
    expect(trimmed).toMatchObject({ truncated: true, counts: { images: 1, byStatus: {} } });

    const { putEvents, close } = await eventBridgePutEvents(bus.url, AWS);
    try {
      const entries: PutEventsEntry[] = [entry, entryOf(summary, "default")];
      expect(
        await publishEvents(putEvents, requestsOf(entries), {
          sleep: async () => {},
          busName: "default",
        }),
      ).toBe(2);
    } finally {
      close();
    }
    expect(bus.events().map((event) => event.detail.truncated)).toEqual([true, true]);
  });
});
