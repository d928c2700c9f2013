import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";
import type { RegionEvidence } from "./usage-evidence.ts";
import { usageOf } from "./usage-verdict.ts";

/** The images, each with its `usage` from its region's evidence. */
export function withUsage(
  images: readonly Image[],
  evidence: ReadonlyMap<Region, RegionEvidence>,
): Image[] {
  return images.map((image) => ({ ...image, usage: usageOf(image, evidence.get(image.region)) }));
}
