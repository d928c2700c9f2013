// How families live in the inventory: never a change by themselves, and computed for the rows of
// snapshots written before they existed.
import { familyOf, type Image } from "@nhn-images/core";
import { describe, expect, it } from "vitest";
import { changedFields } from "../src/diff/image-diff.ts";
import { parseChangesQuery } from "../src/history/changes-query.ts";
import type { Snapshot } from "../src/layout/snapshot.ts";
import { imageDecoder } from "../src/reader/snapshot-rows.ts";

const image = (fields: Partial<Image> = {}): Image => {
  const base = {
    id: "i-1",
    name: "prod-web-golden-20261117",
    status: "active",
    diskFormat: "qcow2",
    isPublic: false,
    protected: false,
    minDisk: 0,
    minRam: 0,
    size: 1,
    properties: {},
    createdAt: "2026-11-17T00:00:00.000Z",
    updatedAt: "2026-11-17T00:00:00.000Z",
    visibility: "private",
    owner: "p",
    tags: [],
    region: "KR1",
    hidden: false,
    ...fields,
  } as Omit<Image, "family">;
  return { ...base, family: familyOf(base.name, base.properties) } as Image;
};

describe("families in the diff", () => {
  it("follow the name and the image_family property: a change of family is theirs, never its own", () => {
    const before = image();
    const renamed = image({ name: "prod-api-golden-20261117" });
    expect(renamed.family).not.toBe(before.family);
    expect(Object.keys(changedFields(before, renamed))).toEqual(["name"]);
    const declared = image({ properties: { image_family: "web" } });
    expect(Object.keys(changedFields(before, declared))).toEqual(["properties"]);
    // So /changes does not take it as a field to filter on: it would match nothing.
    expect(() => parseChangesQuery("field=family")).toThrow(/field: must be one of/);
    const released = image({ name: "prod-web-golden-20261118" });
    expect(released.family).toBe(before.family);
    expect(Object.keys(changedFields(before, released))).toEqual(["name"]);
  });
});

describe("families in snapshots written before them", () => {
  // What the decoder reads of a snapshot: its schema version and regions.
  const manifest = (schemaVersion: number) =>
    ({ schemaVersion, source: { api: "v2", regions: ["KR1"] } }) as unknown as Snapshot;

  it("are computed from the row's name and properties, as the adapters compute them", () => {
    const decode = imageDecoder(manifest(2));
    const {
      family: _family,
      hidden: _hidden,
      ...old
    } = image({
      name: "Ubuntu Server 24.04.3 LTS (2026.11.25)",
    });
    expect(decode(old)).toMatchObject({ family: "Ubuntu Server 24.04.3 LTS", hidden: false });
    const declared = { ...old, properties: { image_family: "ubuntu" } };
    expect(decode(declared).family).toBe("ubuntu");
    const current = image({ name: "app-v3" });
    expect(decode({ ...current, family: "kept as written" }).family).toBe("kept as written");
  });
});
