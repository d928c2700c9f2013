import { Image } from "@nhn-images/core";
import { nhnFixture, recordingLogger } from "@nhn-images/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImageFieldReader } from "../src/upstream/field-reader.ts";
import { normaliseV2Image, normaliseV2ImageLiberally } from "../src/upstream/v2/normalise.ts";
import { DOCUMENTED_V2_IMAGE } from "./documented-images.ts";

const normalise = (
  raw: unknown,
  region: Image["region"] = "KR1",
  fields = new ImageFieldReader(),
) => normaliseV2Image(raw, "$", region, fields);

describe("a Glance v2 image", () => {
  it("normalises NHN's documented list and show examples to the same Image", () => {
    const listed = nhnFixture<{ images: unknown[] }>("compute-image.public-api.list-images")
      .images[0];
    expect(normalise(listed)).toEqual(DOCUMENTED_V2_IMAGE);
    expect(normalise(nhnFixture("compute-image.public-api.get-image"))).toEqual(
      DOCUMENTED_V2_IMAGE,
    );
    expect(Image.parse(DOCUMENTED_V2_IMAGE)).toEqual(DOCUMENTED_V2_IMAGE);
  });

  it("keeps Glance's visibility, owner, region and tags (sorted, each once)", () => {
    const image = normalise(
      {
        id: "b",
        name: null,
        status: "importing",
        visibility: "community",
        owner: "8989447062e04a818baf9e073fd04fa7",
        protected: true,
        size: 10,
        min_disk: 1,
        min_ram: 2,
        disk_format: "raw",
        container_format: "bare",
        created_at: "2021-06-01T00:00:00Z",
        updated_at: "2021-06-02T00:00:00Z",
        tags: ["x", "_AVAILABLE_", "x"],
        os_distro: "rocky",
        hw_qemu_guest_agent: "yes",
        some_number: 3,
        nothing: null,
        self: "/v2/images/b",
      },
      "JP1",
    );
    expect(image).toEqual({
      id: "b",
      name: "",
      status: "importing",
      diskFormat: "raw",
      isPublic: false,
      protected: true,
      minDisk: 1,
      minRam: 2,
      size: 10,
      properties: { os_distro: "rocky", hw_qemu_guest_agent: "yes", some_number: "3" },
      createdAt: "2021-06-01T00:00:00.000Z",
      updatedAt: "2021-06-02T00:00:00.000Z",
      visibility: "community",
      owner: "8989447062e04a818baf9e073fd04fa7",
      tags: ["_AVAILABLE_", "x"],
      region: "JP1",
      hidden: false,
      family: "",
    });
  });

  it("reads Glance's os_hidden as hidden (a boolean or its string), and never as a property", () => {
    const at = (os_hidden: unknown) =>
      normalise({ id: "h", status: "active", os_hidden, created_at: "2021-06-01T00:00:00Z" });
    expect(at(true)).toMatchObject({ hidden: true, properties: {} });
    expect(at("true")).toMatchObject({ hidden: true, properties: {} });
    expect(at(false)).toMatchObject({ hidden: false });
    expect(at(null)).toMatchObject({ hidden: false });
  });

  it("gives every image its family: the image_family property (a Glance top-level field), else the name without its stamp", () => {
    const at = (extra: Record<string, unknown>) =>
      normalise({ id: "f", status: "active", created_at: "2021-06-01T00:00:00Z", ...extra });
    expect(at({ name: "Rocky Linux 9.7 (2026.03.10)" }).family).toBe("Rocky Linux 9.7");
    expect(at({ name: "web-20261117", image_family: "web-golden" })).toMatchObject({
      family: "web-golden",
      properties: { image_family: "web-golden" },
    });
    expect(at({ name: "web-20261117", properties: { image_family: "nested" } }).family).toBe(
      "nested",
    );
    expect(at({ name: "web-20261117", image_family: "" }).family).toBe("web");
  });

  it("reads visibility public as isPublic, and shared as not", () => {
    const at = (visibility: string) =>
      normalise({ id: "c", status: "active", visibility, created_at: "2021-06-01T00:00:00Z" });
    expect(at("public")).toMatchObject({ isPublic: true, visibility: "public" });
    expect(at("shared")).toMatchObject({ isPublic: false, visibility: "shared" });
  });

  it("reads the entries of NHN's documented `properties` object as properties", () => {
    const image = normalise({
      id: "d",
      status: "active",
      created_at: "2021-06-01T00:00:00Z",
      properties: { os_type: "linux", nested: { not: "a string" } },
      os_distro: "ubuntu",
    });
    expect(image.properties).toEqual({ os_type: "linux", os_distro: "ubuntu" });
  });

  it("reads an unknown or missing visibility as private, and logs each value once", () => {
    const logger = recordingLogger();
    const fields = new ImageFieldReader(logger);
    for (const visibility of ["galactic", "galactic", undefined]) {
      const raw = { id: "e", status: "active", created_at: "2021-06-01T00:00:00Z", visibility };
      expect(normalise(raw, "KR1", fields).visibility).toBe("private");
    }
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(2);
  });
});

describe("the fast path of the v2 normaliser", () => {
  it("gives exactly what the zod path gives, or fails the same way", () => {
    const timestamp = fc.constantFrom(
      "2026-01-02T03:04:05Z",
      "2026-01-02T03:04:05.123456",
      "2026-02-30T00:00:00Z",
    );
    const number = fc.oneof(
      fc.integer({ min: -5, max: 1 << 30 }),
      fc.constant(2 ** 60),
      fc.constant(1.5),
    );
    const v2Image = fc.record(
      {
        id: fc.string({ minLength: 1 }),
        name: fc.option(fc.string(), { nil: null }),
        status: fc.constantFrom("active", "importing", "weird"),
        visibility: fc.option(fc.constantFrom("public", "private", "shared", "community", "x"), {
          nil: null,
        }),
        owner: fc.option(fc.constantFrom("", "c289b99209ca4e189095cdecebbd092d"), { nil: null }),
        protected: fc.option(fc.boolean(), { nil: null }),
        size: fc.option(number, { nil: null }),
        min_ram: fc.option(number, { nil: null }),
        min_disk: fc.option(number, { nil: null }),
        disk_format: fc.option(fc.constantFrom("qcow2", "raw", "nope"), { nil: null }),
        created_at: timestamp,
        updated_at: fc.option(timestamp, { nil: null }),
        os_distro: fc.oneof(
          fc.string(),
          fc.integer(),
          fc.constant(null),
          fc.array(fc.string(), { maxLength: 2 }),
        ),
        tags: fc.oneof(
          fc.array(fc.string(), { maxLength: 3 }),
          fc.array(fc.integer(), { maxLength: 2 }),
        ),
        properties: fc.option(fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), {
          nil: null,
        }),
        self: fc.constant("/v2/images/x"),
      },
      { requiredKeys: ["id", "status", "created_at"] },
    );
    const outcome = (run: () => unknown) => {
      try {
        return { ok: run() };
      } catch (error) {
        return { error: (error as Error).name };
      }
    };
    fc.assert(
      fc.property(v2Image, (raw) => {
        const fields = new ImageFieldReader();
        expect(outcome(() => normaliseV2Image(structuredClone(raw), "$", "KR2", fields))).toEqual(
          outcome(() => normaliseV2ImageLiberally(structuredClone(raw), "$", "KR2", fields)),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
