import { ImageNormaliser, V1ImageList } from "@nhn-images/core";
import { toV1Image } from "@nhn-images/simulator";
import { compare } from "./measure.ts";
import { generated } from "./query-engine.ts";

/** A v1 list body as NHN sends it. */
export function v1Body(count: number): string {
  return JSON.stringify({
    header: { isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" },
    images: generated(count).map(toV1Image),
  });
}

/** What the client does with a v1 page: parse the envelope, then normalise each image. */
function parseAndNormalise(body: string) {
  const list = V1ImageList.parse(JSON.parse(body));
  const normaliser = new ImageNormaliser();
  return (list.images ?? []).map((image, i) => normaliser.fromV1(image, `images[${i}]`));
}

export async function benchParsing() {
  const rows = [];
  for (const size of [10_000, 100_000]) {
    const body = v1Body(size);
    const result = await compare(
      () => parseAndNormalise(body),
      () => JSON.parse(body),
      { rounds: size >= 100_000 ? 7 : 15 },
    );
    rows.push({
      case: `upstream parsing, v1 body of ${size.toLocaleString("en")}`,
      size,
      ...result,
      target: "ratio ≤ 3",
      pass: result.ratio <= 3,
    });
  }
  return rows;
}
