import { readFileSync } from "node:fs";
import type { Image } from "@nhn-images/core";
import type { Latest } from "@nhn-images/inventory";
import { type Change, EventPublishError, MAX_ATTEMPTS } from "@nhn-images/inventory/export";
import { DEMO_PROJECT } from "@nhn-images/simulator";
import {
  type BusEvent,
  type EventBus,
  matchesEventPattern,
  readmeEventPatterns,
  startEventBus,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

// The export's own AWS credentials (a Lambda's role): the bus checks every call is signed with them.
const AWS = {
  AWS_ACCESS_KEY_ID: "AKIAEXPORTEVENTS",
  AWS_SECRET_ACCESS_KEY: "S3NT1NEL-aws-secret-0c4e",
  AWS_REGION: "ap-northeast-2",
};
const BUS = "ops-images";
const DETAIL_TYPES = { added: "Image Added", removed: "Image Removed", changed: "Image Changed" };

let h: Harness;
let bus: EventBus;
const sleeps: number[] = [];
beforeAll(async () => {
  // Seed 11 with 500 images: day 1 adds public Ubuntu images, deactivates one of the project's
  // own and renames some, so every README rule has something to match.
  h = await startHarness({ images: 500, seed: 11 });
  bus = await startEventBus({ accessKeys: { [AWS.AWS_ACCESS_KEY_ID]: AWS.AWS_SECRET_ACCESS_KEY } });
});
afterAll(async () => {
  await bus.close();
  await h.close();
});
beforeEach(() => {
  bus.reset();
  sleeps.length = 0;
  h.metrics.length = 0;
  h.logs.length = 0;
});

/** One export of `date` from the simulator's `day`, publishing to the bus. */
const run = (date: string, day: number, env: Record<string, string> = {}) => {
  h.sim.setDay(day);
  return h.handler({
    apiVersion: "v2",
    now: at(`${date}T16:00:00Z`),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    env: { NHN_REGION: "KR1,JP1", ...bus.env(BUS), EVENT_MAX_CHANGES: "5000", ...AWS, ...env },
  })({ date });
};

const key = (image: { id: string; region: string }) => `${image.region}/${image.id}`;
async function imagesOf(date: string): Promise<Map<string, Image>> {
  const images = await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`);
  return new Map(images.map((image) => [key(image), image]));
}
const changesOf = (date: string) =>
  h.ndjson<Change>(`${PREFIX}ndjson/changes/dt=${date}/changes.ndjson.gz`);

/** The events a snapshot's objects call for, computed from what the export wrote. */
async function expectedEvents(date: string, maxChanges = Number.POSITIVE_INFINITY) {
  const manifest = await h.manifest(date);
  const images = await imagesOf(date);
  const before =
    manifest.previousSnapshotDate === null
      ? new Map()
      : await imagesOf(manifest.previousSnapshotDate);
  const changes = await changesOf(date);
  const perChange = changes.slice(0, maxChanges).map((change) => ({
    "detail-type": DETAIL_TYPES[change.change],
    detail: {
      snapshotDate: date,
      runId: manifest.runId,
      change: change.change,
      image: (change.change === "removed" ? before : images).get(key(change)),
      fields: change.fields,
      dedupKey: `${date}:${change.change}:${change.region}:${change.id}`,
    },
  }));
  const summary = {
    "detail-type": "Inventory Snapshot Completed",
    detail: {
      snapshotDate: date,
      runId: manifest.runId,
      manifestKey: `${PREFIX}manifests/dt=${date}/manifest.json`,
      previousSnapshotDate: manifest.previousSnapshotDate,
      counts: manifest.counts,
      changes: manifest.changes,
      changeEventsTruncated: perChange.length < changes.length,
      dedupKey: `${date}:completed`,
    },
  };
  return { events: [...perChange, summary], changes, manifest };
}

const received = () =>
  bus.events().map((event) => ({ "detail-type": event["detail-type"], detail: event.detail }));

describe("change events of a completed snapshot", () => {
  it("puts one event per change of two simulated days, in snapshot order, the summary last", async () => {
    for (const [date, day] of [
      ["2026-10-01", 0],
      ["2026-10-02", 1],
    ] as const) {
      bus.reset();
      const result = await run(date, day);
      const expected = await expectedEvents(date);
      // Day 0 has no previous snapshot: every image is added.
      if (day === 0) expect(expected.changes.length).toBe(expected.manifest.counts.images);
      else expect(expected.changes.length).toBeGreaterThan(5);
      expect(received()).toEqual(expected.events);
      expect(result.events).toEqual({ bus: BUS, published: expected.events.length });
      // Every call: at most 10 entries, signed with the function's credentials, on the bus.
      const calls = bus.calls();
      expect(calls.length).toBe(Math.ceil(expected.events.length / 10));
      for (const call of calls) {
        expect(call.entries.length).toBeLessThanOrEqual(10);
        expect(call).toMatchObject({ accessKeyId: AWS.AWS_ACCESS_KEY_ID, failedEntryCount: 0 });
      }
      for (const event of bus.events()) {
        expect(event).toMatchObject({ source: "nhn-images", bus: BUS, region: AWS.AWS_REGION });
      }
    }
    const removed = received().filter((event) => event.detail.change === "removed");
    expect(removed.length).toBeGreaterThan(0);
    // A removed image's event carries it as it was in the previous snapshot.
    for (const event of removed) expect(event.detail.image).toBeDefined();
    expect(h.metrics).toContainEqual({
      name: "ChangeEventsPublished",
      unit: "Count",
      value: bus.events().length,
    });
  });

  it("sends the first EVENT_MAX_CHANGES changes and a summary that says it was cut", async () => {
    await run("2026-10-02", 1, { EVENT_MAX_CHANGES: "3" });
    const expected = await expectedEvents("2026-10-02", 3);
    expect(expected.changes.length).toBeGreaterThan(3);
    expect(received()).toEqual(expected.events);
    expect(received().at(-1)?.detail).toMatchObject({
      changeEventsTruncated: true,
      changes: expected.manifest.changes,
    });

    bus.reset();
    await run("2026-10-02", 1, { EVENT_MAX_CHANGES: "0" });
    expect(received()).toEqual((await expectedEvents("2026-10-02", 0)).events);
    expect(received()).toHaveLength(1);
  });

  it("puts nothing without EVENT_BUS_NAME", async () => {
    const result = await run("2026-10-02", 1, { EVENT_BUS_NAME: "" });
    expect(result.events).toBeNull();
    expect(bus.calls()).toEqual([]);
  });

  it("retries the entries EventBridge reports as failed, with back-off, until each is put once", async () => {
    // The first two calls fail every other entry, as a throttled bus does.
    bus.failEntries((_entry, call, index) =>
      call <= 2 && index % 2 === 1 ? "ThrottlingException" : null,
    );
    await run("2026-10-02", 1, { EVENT_MAX_CHANGES: "15" });
    const expected = (await expectedEvents("2026-10-02", 15)).events;
    const calls = bus.calls();
    expect(calls.slice(0, 2).map((call) => call.failedEntryCount)).toEqual([5, 2]);
    // The retry of call 1 carries only its 5 failed entries; the second request waits for it.
    expect(calls.map((call) => call.entries.length)).toEqual([10, 5, 2, 6]);
    expect(sleeps).toEqual([250, 500]);
    const byKey = (events: { detail: Record<string, unknown> }[]) =>
      events.map((event) => event.detail.dedupKey).sort();
    expect(byKey(received())).toEqual(byKey(expected));
    expect(received().at(-1)).toEqual(expected.at(-1));
  });

  it("fails the invocation after every attempt failed, leaving the snapshot whole, and a re-run re-publishes", async () => {
    bus.failEntries(() => "InternalFailure");
    const failed = run("2026-10-03", 2);
    await expect(failed).rejects.toThrow(EventPublishError);
    await expect(failed).rejects.toThrow(
      /events were not put on the bus ops-images \(InternalFailure/,
    );
    // The snapshot is complete and current: manifest, objects and latest.json.
    const manifest = await h.manifest("2026-10-03");
    await h.verifyManifest(manifest);
    expect(await h.json<Latest>(`${PREFIX}latest.json`)).toEqual({
      snapshotDate: "2026-10-03",
      manifestKey: `${PREFIX}manifests/dt=2026-10-03/manifest.json`,
    });
    // The first request was tried MAX_ATTEMPTS times with back-off; nothing after it was put.
    expect(bus.calls().map((call) => call.entries.length)).toEqual(Array(MAX_ATTEMPTS).fill(10));
    expect(sleeps).toEqual([250, 500, 1000, 2000]);
    expect(bus.events()).toEqual([]);
    const total = manifest.changes.added + manifest.changes.removed + manifest.changes.changed + 1;
    expect(h.metrics).toContainEqual({ name: "ChangeEventsFailed", unit: "Count", value: total });
    expect(h.metrics.map((metric) => metric.name)).not.toContain("ExportFailed");
    expect(h.logs.find((line) => line.level === "error")?.message).toBe(
      "Change events were not all published",
    );

    // Lambda's retry runs the date again: the same changes, the same dedup keys, all put.
    bus.reset();
    await run("2026-10-03", 2);
    const again = await expectedEvents("2026-10-03");
    expect(received().map((event) => event.detail.dedupKey)).toEqual(
      again.events.map((event) => event.detail.dedupKey),
    );
  });

  it("retries a call that failed whole, and stops at once on an error that cannot pass", async () => {
    bus.failRequests(2, 503);
    await run("2026-10-02", 1, { EVENT_MAX_CHANGES: "4" });
    expect(bus.calls().map((call) => call.status)).toEqual([503, 503, 200]);
    expect(received()).toEqual((await expectedEvents("2026-10-02", 4)).events);

    bus.reset();
    bus.failEntries(() => "AccessDeniedException");
    await expect(run("2026-10-02", 1)).rejects.toThrow(/AccessDeniedException/);
    expect(bus.calls()).toHaveLength(1);
  });

  it("puts nothing for a run that fails", async () => {
    // A listing that suddenly lost most images is refused: nothing written, nothing put.
    h.sim.setImages(20);
    try {
      await expect(run("2026-10-04", 3)).rejects.toThrow(/fewer than/);
    } finally {
      h.sim.setImages(500);
    }
    expect(bus.calls()).toEqual([]);
    await expect(h.bytes(`${PREFIX}manifests/dt=2026-10-04/manifest.json`)).rejects.toThrow();
  });

  it("carries no secret: not the API password, the store's key or the function's", async () => {
    await run("2026-10-02", 1, { EVENT_MAX_CHANGES: "20" });
    const wire = JSON.stringify(bus.calls()) + JSON.stringify(bus.events());
    expect(wire.length).toBeGreaterThan(10_000);
    const env: Record<string, string | undefined> = h.env("v2");
    for (const secret of [
      env.NHN_API_PASSWORD,
      env.S3_SECRET_ACCESS_KEY,
      AWS.AWS_SECRET_ACCESS_KEY,
    ]) {
      expect(secret).toBeTruthy();
      expect(wire).not.toContain(secret);
    }
  });
});

describe("the README's event rules", () => {
  /** What each README rule should select, computed from the objects rather than the pattern. */
  const INTENT: Record<string, (event: BusEvent) => boolean> = {
    "a new public image whose name starts with `Ubuntu`": (event) => {
      const image = event.detail.image as Image | undefined;
      return (
        event["detail-type"] === "Image Added" &&
        image?.visibility === "public" &&
        image.name.startsWith("Ubuntu")
      );
    },
    "any image you own deactivated": (event) => {
      const image = event.detail.image as Image | undefined;
      const status = (event.detail.fields as Change["fields"] | undefined)?.status;
      return (
        event["detail-type"] === "Image Changed" &&
        image?.owner === DEMO_PROJECT.id &&
        status?.to === "deactivated"
      );
    },
    "an image that stopped being usable (its status changed to anything but `active`)": (event) => {
      const status = (event.detail.fields as Change["fields"] | undefined)?.status;
      return (
        event["detail-type"] === "Image Changed" && status !== undefined && status.to !== "active"
      );
    },
    "an image renamed": (event) =>
      (event.detail.fields as Change["fields"] | undefined)?.name !== undefined,
    "a snapshot whose change events were cut at `EVENT_MAX_CHANGES`": (event) =>
      event["detail-type"] === "Inventory Snapshot Completed" &&
      event.detail.changeEventsTruncated === true,
  };

  it("each select exactly the recorded events they describe", async () => {
    const patterns = readmeEventPatterns(
      readFileSync(new URL("../../../README.md", import.meta.url), "utf8"),
    );
    expect(patterns.map((p) => titleOf(p.title)).sort()).toEqual(Object.keys(INTENT).sort());
    const events: BusEvent[] = [];
    for (const [date, day, max] of [
      ["2026-10-01", 0, "50"],
      ["2026-10-02", 1, "5000"],
    ] as const) {
      bus.reset();
      await run(date, day, { EVENT_MAX_CHANGES: max });
      events.push(...bus.events());
    }
    for (const { title, pattern } of patterns) {
      const intent = INTENT[titleOf(title)] as (event: BusEvent) => boolean;
      const ours = JSON.parse(
        JSON.stringify(pattern).replaceAll("YOUR_PROJECT_ID", DEMO_PROJECT.id),
      ) as Record<string, unknown>;
      const matched = events.filter((event) => matchesEventPattern(ours, event));
      expect(matched.length, title).toBeGreaterThan(0);
      expect(matched, title).toEqual(events.filter(intent));
    }
  });
});

/** A README rule's title: the bold words of the line that introduces it. */
function titleOf(line: string): string {
  return /\*\*(.+?)\*\*/.exec(line)?.[1] ?? line;
}
