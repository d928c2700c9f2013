import { compareCodePoints, type Image } from "@nhn-images/core";
import { ExternalIdSorter } from "@nhn-images/inventory/export";
import { generateImage } from "@nhn-images/simulator";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

async function sortAll(images: Image[], runSize: number, pageSize: number) {
  const sorter = new ExternalIdSorter(runSize);
  try {
    for (let i = 0; i < images.length; i += pageSize)
      await sorter.add(images.slice(i, i + pageSize));
    const out: string[] = [];
    for await (const { image, line } of sorter.sorted()) {
      expect(line).toBe(`${JSON.stringify(image)}\n`);
      out.push(image.id);
    }
    return out;
  } finally {
    await sorter.dispose();
  }
}

describe("ExternalIdSorter", () => {
  it("returns every image once, by id, whether it spills to disk or not", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ unit: "binary", minLength: 1, maxLength: 6 }), {
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 50 }),
        async (ids, runSize, pageSize) => {
          const images = ids.map((id, i) => ({ ...generateImage(1, i), id }));
          expect(await sortAll(images, runSize, pageSize)).toEqual(
            [...ids].sort(compareCodePoints),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("merges many runs without losing a line (20,000 images in 200 runs)", async () => {
    const images = Array.from({ length: 20_000 }, (_, i) => generateImage(9, i));
    const sorted = await sortAll(images, 100, 1000);
    expect(sorted).toHaveLength(20_000);
    expect(sorted).toEqual(images.map((i) => i.id).sort(compareCodePoints));
  });
});
