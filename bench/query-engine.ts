import { compareCodePoints, type Image, parseImageQuery, runQuery } from "@nhn-images/core";
import { generateImage } from "@nhn-images/simulator";
import { compare } from "./measure.ts";

export const MIXED_QUERY =
  "status=active&name=*ubuntu*&property=os_type:linux&fitsDisk=20&sort=createdAt:desc&limit=100";

/** The same page as MIXED_QUERY, by a plain loop with no validation: the baseline. */
export function handWrittenPage(images: readonly Image[]): Image[] {
  const matches: Image[] = [];
  for (const image of images) {
    if (image.status !== "active") continue;
    if (!image.name.toLowerCase().includes("ubuntu")) continue;
    if (image.properties.os_type !== "linux") continue;
    if (image.minDisk > 20) continue;
    matches.push(image);
  }
  matches.sort(
    (a, b) => compareCodePoints(b.createdAt, a.createdAt) || compareCodePoints(a.id, b.id),
  );
  return matches.slice(0, 100);
}

/**
 * Generated images in the one shape the client's normalisers give every Image (the same fields
 * in the same order), as the handler's cache holds them: the simulator's generator builds public
 * and private images from different literals, and property reads over mixed shapes are slower
 * than over what the engine sees in production.
 */
export function generated(count: number, seed = 1): Image[] {
  return Array.from({ length: count }, (_, i) => {
    const g = generateImage(seed, i);
    return {
      id: g.id,
      name: g.name,
      status: g.status,
      diskFormat: g.diskFormat,
      isPublic: g.isPublic,
      protected: g.protected,
      minDisk: g.minDisk,
      minRam: g.minRam,
      size: g.size,
      properties: g.properties,
      createdAt: g.createdAt,
      updatedAt: g.updatedAt,
      visibility: g.visibility,
      owner: g.owner,
      tags: g.tags,
      region: g.region,
      hidden: g.hidden,
      family: g.family,
    };
  });
}

export async function benchQueryEngine() {
  const rows = [];
  for (const size of [1_000, 10_000, 100_000]) {
    const images = generated(size);
    const expected = handWrittenPage(images).map((i) => i.id);
    const actual = runQuery(images, parseImageQuery(MIXED_QUERY)).images.map((i) => i.id);
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      throw new Error(`query engine and baseline disagree at ${size}`);
    const result = await compare(
      () => runQuery(images, parseImageQuery(MIXED_QUERY)),
      () => handWrittenPage(images),
      { rounds: size >= 100_000 ? 9 : 25, warmup: 5, inner: Math.max(1, 100_000 / size / 2) },
    );
    rows.push({
      case: `query engine, ${size.toLocaleString("en")} images`,
      size,
      ...result,
      target: size >= 10_000 ? "ratio ≤ 1.5" : "—",
      pass: size < 10_000 || result.ratio <= 1.5,
    });
  }
  const at10k = rows[1]?.measured ?? 1;
  const at100k = rows[2]?.measured ?? 1;
  const growth = at100k / at10k;
  rows.push({
    case: "query engine, growth 10k → 100k",
    size: 0,
    measured: at100k,
    baseline: at10k,
    ratio: growth,
    target: "≤ 12×",
    pass: growth <= 12,
  });
  return rows;
}
