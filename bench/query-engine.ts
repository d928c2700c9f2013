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

export function generated(count: number, seed = 1): Image[] {
  return Array.from({ length: count }, (_, i) => generateImage(seed, i));
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
