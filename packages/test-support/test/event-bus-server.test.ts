import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { putEventsFixture } from "../src/aws-fixtures.ts";
import { type EventBus, startEventBus } from "../src/event-bus-server.ts";

// The AWS SDK's own EventBridge client against the local endpoint: what it accepts and answers
// must be what EventBridge documents (fixtures/aws).
const KEY = { accessKeyId: "AKIAEVENTSTEST", secretAccessKey: "events-test-secret" };
let bus: EventBus;
const client = (credentials = KEY) =>
  new EventBridgeClient({
    region: "ap-northeast-2",
    endpoint: bus.url,
    credentials,
    maxAttempts: 1,
  });

beforeAll(async () => {
  bus = await startEventBus({ accessKeys: { [KEY.accessKeyId]: KEY.secretAccessKey } });
});
afterAll(() => bus.close());
beforeEach(() => bus.reset());

describe("the local PutEvents endpoint", () => {
  it("takes the documented example and answers in the documented shape", async () => {
    const fixture = putEventsFixture();
    const events = client();
    const answer = await events.send(new PutEventsCommand(fixture.request));
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries).toHaveLength(2);
    for (const entry of answer.Entries ?? []) {
      expect(Object.keys(entry).every((k) => fixture.responseKeys.entry.includes(k))).toBe(true);
      expect(entry.EventId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const received = bus.events();
    expect(received.map((event) => Object.keys(event).filter((k) => k !== "bus"))).toEqual([
      fixture.eventKeys,
      fixture.eventKeys,
    ]);
    expect(received[0]).toMatchObject({
      version: "0",
      source: "com.mycompany.myapp",
      "detail-type": "myDetailType",
      region: "ap-northeast-2",
      resources: ["resource1", "resource2"],
      detail: { key1: "value1", key2: "value2" },
      bus: "default",
    });
    expect(received[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(bus.calls()[0]).toMatchObject({ accessKeyId: KEY.accessKeyId, status: 200 });
    events.destroy();
  });

  it("fails bad entries one by one, as EventBridge does, and injected faults too", async () => {
    const events = client();
    bus.failEntries((entry) => (entry.DetailType === "throttle me" ? "ThrottlingException" : null));
    const answer = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: "s", DetailType: "d", Detail: '{"ok":true}', EventBusName: "ops" },
          { Source: "s", DetailType: "d", Detail: "[1,2]" },
          { Source: "s", DetailType: "d" },
          { Source: "aws.ec2", DetailType: "d", Detail: "{}" },
          { Source: "s", DetailType: "throttle me", Detail: "{}" },
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(4);
    expect(answer.Entries?.map((entry) => entry.ErrorCode ?? "ok")).toEqual([
      "ok",
      "MalformedDetail",
      "InvalidArgument",
      "NotAuthorizedForSourceException",
      "ThrottlingException",
    ]);
    expect(bus.events().map((event) => event.bus)).toEqual(["ops"]);
    events.destroy();
  });

  it("refuses more than 10 entries, 256 KB of entries, and a wrong signature", async () => {
    const fixture = putEventsFixture();
    const events = client();
    const entry = { Source: "s", DetailType: "d", Detail: "{}" };
    const max = fixture.limits.entriesPerRequest.max;
    await expect(
      events.send(new PutEventsCommand({ Entries: Array(max + 1).fill(entry) })),
    ).rejects.toMatchObject({ name: "ValidationException" });
    const big = { ...entry, Detail: JSON.stringify({ x: "y".repeat(fixture.limits.entryBytes) }) };
    await expect(events.send(new PutEventsCommand({ Entries: [big] }))).rejects.toMatchObject({
      name: "ValidationException",
    });
    const forged = client({ ...KEY, secretAccessKey: "not-the-secret" });
    await expect(forged.send(new PutEventsCommand({ Entries: [entry] }))).rejects.toMatchObject({
      name: "InvalidSignatureException",
    });
    expect(bus.events()).toEqual([]);
    events.destroy();
    forged.destroy();
  });
});
