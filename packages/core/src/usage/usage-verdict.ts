import type { Image } from "../schemas/image.ts";
import type { ImageUsage } from "../schemas/image-usage.ts";
import type { ImageReferences, RegionEvidence } from "./usage-evidence.ts";

/**
 * The usage of one image from its region's evidence. Never a false `unused`:
 * - anything that refers to it makes it `inUse`;
 * - an unreferenced image that other projects may use (public, shared, community) is `unknown`:
 *   only the listed projects' servers are seen;
 * - so is any unreferenced image of a region whose evidence is incomplete (a listing failed) or
 *   holds a server whose image cannot be told;
 * - only then is it `unused`.
 * Without evidence for its region (not listed), it is `unknown` too.
 */
export function usageOf(image: Image, evidence: RegionEvidence | undefined): ImageUsage {
  const unattributedServers = evidence?.unattributedServers ?? 0;
  const refs = evidence?.referencesOf(image.id);
  const usage = (verdict: ImageUsage["verdict"], reason: string): ImageUsage => ({
    verdict,
    reason,
    servers: refs === undefined ? [] : sortedIds(refs.servers),
    nodeGroups: refs === undefined ? [] : sortedIds(refs.nodeGroups),
    evidence: {
      byImageRef: refs?.byImageRef ?? 0,
      byBootVolume: refs?.byBootVolume ?? 0,
      byNodeGroup: refs?.byNodeGroup ?? 0,
    },
    unattributedServers,
  });

  if (refs !== undefined) return usage("inUse", inUseReason(refs));
  if (evidence === undefined) {
    return usage("unknown", `the usage of ${image.region} was not listed`);
  }
  if (image.visibility !== "private") {
    return usage("unknown", OTHERS_MAY_USE[image.visibility]);
  }
  if (evidence.gaps.length > 0) {
    return usage(
      "unknown",
      `the evidence of ${image.region} is incomplete: ${evidence.gaps.join("; ")}`,
    );
  }
  if (unattributedServers > 0) {
    return usage(
      "unknown",
      `${plural(unattributedServers, "server")} in ${image.region} ${unattributedServers === 1 ? "boots" : "boot"} from a volume that does not name its image`,
    );
  }
  return usage(
    "unused",
    `no server, boot volume or NKS node group in ${image.region} refers to it`,
  );
}

const OTHERS_MAY_USE: Record<Exclude<Image["visibility"], "private">, string> = {
  public: "nothing listed refers to it, but it is public: any project may use it",
  shared: "nothing listed refers to it, but it is shared: its member projects may use it",
  community: "nothing listed refers to it, but it is a community image: any project may use it",
};

function inUseReason(refs: ImageReferences): string {
  const parts: string[] = [];
  if (refs.byImageRef > 0) parts.push(`${plural(refs.byImageRef, "server")} by image reference`);
  if (refs.byBootVolume > 0) parts.push(plural(refs.byBootVolume, "boot volume"));
  if (refs.byNodeGroup > 0) parts.push(plural(refs.byNodeGroup, "NKS node group"));
  return `referred to by ${parts.join(", ")}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function sortedIds(ids: ReadonlySet<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
