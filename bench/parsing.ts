import { toV1Image } from "@nhn-images/simulator";
import { ImageFieldReader } from "../packages/core/src/upstream/field-reader.ts";
import { normaliseV1Image } from "../packages/core/src/upstream/v1/normalise.ts";
import { V1ImageList } from "../packages/core/src/upstream/v1/schemas.ts";
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
  const fields = new ImageFieldReader();
  return (list.images ?? []).map((image, i) => normaliseV1Image(image, `images[${i}]`, fields));
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
