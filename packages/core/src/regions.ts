import * as z from "zod";

/**
 * The regions of NHN Cloud's public image API: Korea (Pangyo) KR1, Korea (Pyeongchon) KR2,
 * Korea (Gwangju) KR3 and Japan JP1, as the endpoint table of the Compute-Image API v2 guide
 * (TOAST-DOCS Compute-Image `ko/public-api.md`) lists them.
 */
export const REGIONS = ["KR1", "KR2", "KR3", "JP1"] as const;
export type Region = (typeof REGIONS)[number];

export const RegionSchema = z.enum(REGIONS).meta({
  id: "Region",
  description: "The NHN Cloud region an image was listed from.",
});

/** The region the v1 appkey API serves: NHN documents it for Korea only. */
export const V1_REGION: Region = "KR1";

/**
 * The documented image endpoint of a region, used when the token's service catalog names none
 * (a ready `NHN_AUTH_TOKEN` has no catalog).
 */
export function documentedImageEndpoint(region: Region): string {
  return `https://${region.toLowerCase()}-api-image-infrastructure.nhncloudservice.com`;
}

/**
 * Reads `NHN_REGION`: one region, a comma list, or `all`, in any case. Duplicates collapse;
 * the order given is kept (it is the order listings start in).
 *
 * @returns the regions, or null when any entry is not a region.
 */
export function parseRegionList(text: string): Region[] | null {
  const entries = text
    .split(",")
    .map((entry) => entry.trim().toUpperCase())
    .filter((entry) => entry !== "");
  if (entries.length === 1 && entries[0] === "ALL") return [...REGIONS];
  const regions: Region[] = [];
  for (const entry of entries) {
    if (!(REGIONS as readonly string[]).includes(entry)) return null;
    if (!regions.includes(entry as Region)) regions.push(entry as Region);
  }
  return regions.length === 0 ? null : regions;
}
