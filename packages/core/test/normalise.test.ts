import { readFileSync } from "node:fs";
import { Image, ImageNormaliser, UpstreamSchemaError } from "@nhn-images/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recordingLogger } from "./helpers.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as {
    images: unknown[];
  };

describe("ImageNormaliser.fromV1", () => {
  it("normalises the product guide's example filled with its documented values", () => {
    const [raw] = fixture("seed-v1-images-filled.json").images;
    const image = new ImageNormaliser().fromV1(raw, "images[0]");
    expect(image).toEqual({
      id: "8cb8a0ff-aa6e-4a3c-8a8f-6e8f5e4c0b1a",
      name: "Image Name",
      status: "active",
      diskFormat: "qcow2",
      isPublic: true,
      protected: false,
      minDisk: 20,
      minRam: 1024,
      size: 1073741824,
      properties: { os_distro: "ubuntu" },
      createdAt: "2017-05-16T02:17:50.166Z",
      updatedAt: "2017-05-16T02:17:50.166Z",
    });
    expect(Image.parse(image)).toEqual(image);
  });

  it("names the JSON path of every field the guide's placeholder payload gets wrong", () => {
    const [raw] = fixture("seed-v1-images.json").images;
    const error = (() => {
      try {
        new ImageNormaliser().fromV1(raw, "images[0]");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UpstreamSchemaError);
    const paths = (error as UpstreamSchemaError).issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["images[0].isPublic", "images[0].minDisk", "images[0].size"]),
    );
  });

  it("reads numeric strings, boolean strings and missing optional fields", () => {
    const image = new ImageNormaliser().fromV1(
      {
        id: "a",
        status: "active",
        isPublic: "TRUE",
        protected: "false",
        minDisk: "20",
        minRam: 512,
        size: "1024",
        createdAt: "2020-01-02T03:04:05Z",
      },
      "images[0]",
    );
    expect(image).toMatchObject({
      name: "",
      isPublic: true,
      protected: false,
      minDisk: 20,
      minRam: 512,
      size: 1024,
      diskFormat: null,
      properties: {},
      updatedAt: "2020-01-02T03:04:05.000Z",
    });
  });

  it("keeps an unknown status and logs it once however often it appears", () => {
    const logger = recordingLogger();
    const normaliser = new ImageNormaliser(logger);
    for (let i = 0; i < 3; i++) {
      const image = normaliser.fromV1(
        { id: `i${i}`, status: "archived", createdAt: "2020-01-01T00:00:00Z" },
        `images[${i}]`,
      );
      expect(image.status).toBe("archived");
    }
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(1);
  });

  it("throws an UpstreamSchemaError naming the path of an image without id", () => {
    expect(() =>
      new ImageNormaliser().fromV1({ status: "active", createdAt: "2020-01-01" }, "images[7]"),
    ).toThrow(
      expect.objectContaining({
        name: "UpstreamSchemaError",
        message: expect.stringContaining("images[7].id"),
      }),
    );
  });
});

describe("ImageNormaliser.fromV2", () => {
  it("maps Glance fields and turns every non-standard field into a property", () => {
    const image = new ImageNormaliser().fromV2(
      {
        id: "b",
        name: null,
        status: "importing",
        visibility: "community",
        protected: true,
        size: 10,
        min_disk: 1,
        min_ram: 2,
        disk_format: "raw",
        container_format: "bare",
        created_at: "2021-06-01T00:00:00Z",
        updated_at: "2021-06-02T00:00:00Z",
        tags: ["x"],
        os_distro: "rocky",
        hw_qemu_guest_agent: "yes",
        some_number: 3,
        nothing: null,
        self: "/v2/images/b",
      },
      "$",
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
    });
  });

  it("reads visibility public as isPublic", () => {
    const image = new ImageNormaliser().fromV2(
      { id: "c", status: "active", visibility: "public", created_at: "2021-06-01T00:00:00Z" },
      "$",
    );
    expect(image.isPublic).toBe(true);
  });
});

describe("the fast path of fromV1", () => {
  it("gives exactly what the zod path gives for any image in the documented types", () => {
    const timestamp = fc
      .date({
        min: new Date("0100-01-01T00:00:00Z"),
        max: new Date("9999-12-31T23:59:59Z"),
        noInvalidDate: true,
      })
      .chain((d) =>
        fc.constantFrom(
          d.toISOString(),
          d.toISOString().replace("Z", ""),
          d.toISOString().replace(/\.\d+Z$/, ""),
          d.toISOString().replace(/(\.\d+)Z$/, "$1123"),
        ),
      );
    const v1Image = fc.record(
      {
        id: fc.string({ minLength: 1 }),
        name: fc.option(fc.string(), { nil: null }),
        status: fc.constantFrom("active", "queued", "weird"),
        diskFormat: fc.option(fc.constantFrom("qcow2", "raw", "nope"), { nil: null }),
        isPublic: fc.option(fc.boolean(), { nil: null }),
        protected: fc.option(fc.boolean(), { nil: null }),
        minDisk: fc.option(fc.integer({ min: -5, max: 100 }), { nil: null }),
        minRam: fc.option(fc.integer({ min: 0, max: 1 << 20 }), { nil: null }),
        size: fc.option(fc.maxSafeNat(), { nil: null }),
        properties: fc.option(fc.dictionary(fc.string(), fc.string()), { nil: null }),
        createdAt: timestamp,
        updatedAt: fc.option(timestamp, { nil: null }),
      },
      { requiredKeys: ["id", "status", "createdAt"] },
    );
    fc.assert(
      fc.property(v1Image, (raw) => {
        const normaliser = new ImageNormaliser();
        expect(normaliser.fromV1(structuredClone(raw), "$")).toEqual(
          normaliser.fromV1Liberally(structuredClone(raw), "$"),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the fast path of fromV2", () => {
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
        visibility: fc.option(fc.constantFrom("public", "private", "shared", "community"), {
          nil: null,
        }),
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
        tags: fc.array(fc.string(), { maxLength: 2 }),
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
        const normaliser = new ImageNormaliser();
        expect(outcome(() => normaliser.fromV2(structuredClone(raw), "$"))).toEqual(
          outcome(() => normaliser.fromV2Liberally(structuredClone(raw), "$")),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
