import { Image, UpstreamSchemaError } from "@nhn-images/core";
import { nhnFixture, recordingLogger } from "@nhn-images/test-support";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImageFieldReader } from "../src/upstream/field-reader.ts";
import { normaliseV1Image, normaliseV1ImageLiberally } from "../src/upstream/v1/normalise.ts";

const normalise = (raw: unknown, path = "images[0]", fields = new ImageFieldReader()) =>
  normaliseV1Image(raw, path, fields);
const firstImage = (name: Parameters<typeof nhnFixture>[0]) =>
  nhnFixture<{ images: unknown[] }>(name).images[0];

describe("a v1 image", () => {
  it("normalises the product guide's example filled with its documented values", () => {
    const image = normalise(firstImage("compute-image.old.api-guide.list-images.filled"));
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
      visibility: "public",
      owner: null,
      tags: [],
      region: "KR1",
      hidden: false,
      family: "Image Name",
    });
    expect(Image.parse(image)).toEqual(image);
  });

  it("names the JSON path of every field the guide's placeholder payload gets wrong", () => {
    const error = (() => {
      try {
        normalise(firstImage("compute-image.old.api-guide.list-images"));
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
    const image = normalise({
      id: "a",
      status: "active",
      isPublic: "TRUE",
      protected: "false",
      minDisk: "20",
      minRam: 512,
      size: "1024",
      createdAt: "2020-01-02T03:04:05Z",
    });
    expect(image).toMatchObject({
      name: "",
      isPublic: true,
      visibility: "public",
      protected: false,
      minDisk: 20,
      minRam: 512,
      size: 1024,
      diskFormat: null,
      properties: {},
      updatedAt: "2020-01-02T03:04:05.000Z",
    });
  });

  it("is private unless public: v1 knows no shared or community images", () => {
    expect(normalise({ id: "a", status: "active", createdAt: "2020-01-02" }).visibility).toBe(
      "private",
    );
  });

  it("keeps an unknown status and logs it once however often it appears", () => {
    const logger = recordingLogger();
    const fields = new ImageFieldReader(logger);
    for (let i = 0; i < 3; i++) {
      const image = normalise(
        { id: `i${i}`, status: "archived", createdAt: "2020-01-01T00:00:00Z" },
        `images[${i}]`,
        fields,
      );
      expect(image.status).toBe("archived");
    }
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(1);
  });

  it("throws an UpstreamSchemaError naming the path of an image without id", () => {
    expect(() => normalise({ status: "active", createdAt: "2020-01-01" }, "images[7]")).toThrow(
      expect.objectContaining({
        name: "UpstreamSchemaError",
        message: expect.stringContaining("images[7].id"),
      }),
    );
  });
});

describe("the fast path of the v1 normaliser", () => {
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
        const fields = new ImageFieldReader();
        expect(normaliseV1Image(structuredClone(raw), "$", fields)).toEqual(
          normaliseV1ImageLiberally(structuredClone(raw), "$", fields),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
