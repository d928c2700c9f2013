import { createImageClient, Image } from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorConfig } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 0, seed: 7 });
});
afterAll(() => sim.close());

const byId = (a: Image, b: Image) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe("listing every image", () => {
  it.each([0, 1, 1000, 2501])(
    "of %i generated gives what each API lists, each image once",
    async (count) => {
      sim.setImages(count);
      sim.resetCounts();
      const v1 = await createImageClient(simulatorConfig(sim, "v1")).listAllImages();
      const v2 = await createImageClient(simulatorConfig(sim, "v2")).listAllImages();
      const listableV1 = sim.listable({ api: "v1" });
      expect(v1).toEqual(listableV1);
      expect([...v2].sort(byId)).toEqual(sim.listable({ api: "v2" }).sort(byId));
      expect(new Set(v1.map((i) => i.id)).size).toBe(v1.length);
      for (const image of [...v1, ...v2]) Image.parse(image);
      // v1 pages until a page brings nothing new: the one after the last starts at its marker.
      const v1Pages = Math.ceil(listableV1.length / 1000);
      expect(sim.counts["v1-images"]).toBe(v1Pages === 0 ? 1 : v1Pages + 1);
    },
  );

  it.each([
    ["from the marker, as NHN's guide words it", { marker: "from" }],
    ["after the marker", { marker: "after" }],
    ["from the marker, pages capped below the limit asked", { marker: "from", maxLimit: 70 }],
    ["after the marker, pages capped below the limit asked", { marker: "after", maxLimit: 70 }],
  ] as const)("over v1 pages %s: every image once", async (_, paging) => {
    const own = await startSimulator({ images: 500, seed: 7, v1Paging: paging });
    try {
      const images = await createImageClient(simulatorConfig(own, "v1")).listAllImages();
      expect(images).toEqual(own.listable({ api: "v1" }));
      expect(images.length).toBeGreaterThan(70);
    } finally {
      await own.close();
    }
  });

  it("yields pages of the requested size", async () => {
    sim.setImages(40);
    const listable = sim.listable().length;
    const sizes: number[] = [];
    for await (const page of createImageClient(simulatorConfig(sim, "v2")).listImages({
      pageSize: 10,
    })) {
      sizes.push(page.length);
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(listable);
    expect(sizes.slice(0, -1).every((size) => size === 10)).toBe(true);
  });

  it("covers every status and disk format in generated images over v1", async () => {
    sim.setImages(200);
    const images = await createImageClient(simulatorConfig(sim, "v1")).listAllImages();
    expect(new Set(images.map((i) => i.status)).size).toBe(9);
    expect(new Set(images.map((i) => i.diskFormat).filter((f) => f !== null)).size).toBe(11);
    expect(images.some((i) => i.isPublic)).toBe(true);
    expect(images.some((i) => i.name === "")).toBe(true);
  });

  it("pushes status, visibility, owner and size filters down with the same result as filtering locally", async () => {
    sim.setImages(300);
    const client = createImageClient(simulatorConfig(sim, "v2"));
    const all = await client.listAllImages();
    const owner = all.find((i) => i.visibility === "public")?.owner ?? "";
    const pushed = await client.listAllImages({
      filters: {
        region: null,
        status: new Set(["active"]),
        visibility: new Set(["public"]),
        owner: new Set([owner]),
        sizeMin: 2 * 1024 ** 3,
        sizeMax: 16 * 1024 ** 3,
      },
    });
    const local = all.filter(
      (i) =>
        i.status === "active" &&
        i.visibility === "public" &&
        i.owner === owner &&
        i.size !== null &&
        i.size >= 2 * 1024 ** 3 &&
        i.size <= 16 * 1024 ** 3,
    );
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed).toEqual(local);
  });
});
