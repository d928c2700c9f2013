import { describe, expect, it } from "vitest";
import { matchesEventPattern, readmeEventPatterns } from "../src/event-pattern.ts";

// The examples of EventBridge's user guide ("Content filtering in Amazon EventBridge event
// patterns", "Comparison operators"), each with an event it matches and one it does not.
const event = (detail: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail,
  ...extra,
});

describe("EventBridge's pattern semantics", () => {
  it("matches exact values, every field (and) and any value of a list (or)", () => {
    const pattern = { source: ["aws.ec2"], detail: { state: ["running", "stopped"] } };
    expect(matchesEventPattern(pattern, event({ state: "running" }))).toBe(true);
    expect(matchesEventPattern(pattern, event({ state: "pending" }))).toBe(false);
    expect(matchesEventPattern(pattern, event({ state: "running" }, { source: "aws.s3" }))).toBe(
      false,
    );
    expect(matchesEventPattern({ detail: { flag: [true] } }, event({ flag: true }))).toBe(true);
    expect(matchesEventPattern({ detail: { flag: [true] } }, event({ flag: "true" }))).toBe(false);
    expect(matchesEventPattern({ detail: { n: [null] } }, event({ n: null }))).toBe(true);
    expect(matchesEventPattern({ detail: { n: [null] } }, event({}))).toBe(false);
  });

  it("matches prefixes and suffixes of strings only, with or without case", () => {
    expect(matchesEventPattern({ time: [{ prefix: "2017-12-22" }] }, event({}))).toBe(true);
    expect(matchesEventPattern({ time: [{ prefix: "2017-10-02" }] }, event({}))).toBe(false);
    expect(matchesEventPattern({ detail: { n: [{ prefix: "1" }] } }, event({ n: 12 }))).toBe(false);
    const png = { detail: { FileName: [{ suffix: ".png" }] } };
    expect(matchesEventPattern(png, event({ FileName: "a.png" }))).toBe(true);
    expect(matchesEventPattern(png, event({ FileName: "a.PNG" }))).toBe(false);
    const anyCase = { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } };
    expect(matchesEventPattern(anyCase, event({ service: "eventbridge" }))).toBe(true);
  });

  it("matches anything-but a value, a list or a prefix, but never an absent field", () => {
    const notInitializing = { detail: { state: [{ "anything-but": "initializing" }] } };
    expect(matchesEventPattern(notInitializing, event({ state: "running" }))).toBe(true);
    expect(matchesEventPattern(notInitializing, event({ state: "initializing" }))).toBe(false);
    expect(matchesEventPattern(notInitializing, event({}))).toBe(false);
    const notListed = { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } };
    expect(matchesEventPattern(notListed, event({ state: "stopped" }))).toBe(false);
    expect(matchesEventPattern(notListed, event({ state: "running" }))).toBe(true);
    const notUs = { detail: { Region: [{ "anything-but": { prefix: "us-" } }] } };
    expect(matchesEventPattern(notUs, event({ Region: "us-east-1" }))).toBe(false);
    expect(matchesEventPattern(notUs, event({ Region: "ap-northeast-2" }))).toBe(true);
    expect(
      matchesEventPattern({ detail: { x: [{ "anything-but": 123 }] } }, event({ x: 124 })),
    ).toBe(true);
  });

  it("matches exists on leaves: present (any value) or absent", () => {
    const present = { detail: { "c-count": [{ exists: true }] } };
    const absent = { detail: { "c-count": [{ exists: false }] } };
    expect(matchesEventPattern(present, event({ "c-count": 3 }))).toBe(true);
    expect(matchesEventPattern(present, event({}))).toBe(false);
    expect(matchesEventPattern(absent, event({}))).toBe(true);
    expect(matchesEventPattern(absent, event({ "c-count": 3 }))).toBe(false);
    // On leaves only: an object is not a value that exists.
    expect(matchesEventPattern({ detail: { a: [{ exists: true }] } }, event({ a: { b: 1 } }))).toBe(
      false,
    );
    // Absent all the way up: a missing parent holds no field.
    expect(matchesEventPattern({ detail: { a: { b: [{ exists: false }] } } }, event({}))).toBe(
      true,
    );
  });

  it("matches numeric ranges, array fields by any item, and $or alternatives", () => {
    const range = { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } };
    expect(matchesEventPattern(range, event({ "c-count": 5 }))).toBe(true);
    expect(matchesEventPattern(range, event({ "c-count": 0 }))).toBe(false);
    expect(matchesEventPattern(range, event({ "c-count": "3" }))).toBe(false);
    const resource = {
      resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    };
    expect(matchesEventPattern(resource, event({}))).toBe(true);
    const either = { detail: { $or: [{ a: ["x"] }, { b: [{ exists: true }] }] } };
    expect(matchesEventPattern(either, event({ b: 1 }))).toBe(true);
    expect(matchesEventPattern(either, event({ a: "y" }))).toBe(false);
  });

  it("refuses what it does not know, so a pattern cannot pass by accident", () => {
    expect(() =>
      matchesEventPattern({ detail: { a: [{ wildcard: "*x" }] } }, event({ a: "x" })),
    ).toThrow(/Unknown operator/);
    expect(() => matchesEventPattern({ detail: { a: "x" } }, event({ a: "x" }))).toThrow(
      /array of values or an object/,
    );
    expect(() => matchesEventPattern([], event({}))).toThrow(/JSON object/);
  });
});

describe("the README's patterns", () => {
  it("are read from its Change events section, each with its title", () => {
    const readme = [
      "# x",
      "### Change events",
      "Some text.",
      "",
      "**A rule**, said",
      "on two lines:",
      "",
      "```json",
      '{ "source": ["nhn-images"] }',
      "```",
      "### Next",
      "Ignored:",
      "```json",
      "{}",
      "```",
    ].join("\n");
    expect(readmeEventPatterns(readme)).toEqual([
      { title: "**A rule**, said on two lines:", pattern: { source: ["nhn-images"] } },
    ]);
    expect(() => readmeEventPatterns("# none\n")).toThrow(/Change events/);
  });
});
