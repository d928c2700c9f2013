/**
 * What an image's usage verdict must be, from an estate as the simulator holds it, written from
 * DESIGN.md's rule and not from core's code: an image anything refers to is `inUse`; an
 * unreferenced image is `unknown` when other projects may use it (not private) or a server of
 * its region has no image and no boot volume that names one; else `unused`.
 */
export interface OracleEstate {
  readonly servers: readonly { readonly id: string; readonly imageId: string | null }[];
  readonly volumes: readonly {
    readonly bootable: boolean;
    readonly imageId: string | null;
    readonly serverId: string | null;
  }[];
  readonly clusters: readonly { readonly nodeGroups: readonly { readonly imageId: string }[] }[];
}

export interface OracleImage {
  readonly id: string;
  readonly region: string;
  readonly visibility: string;
}

/** The verdict of each image, keyed `${region} ${id}`. */
export function expectedVerdicts(
  images: readonly OracleImage[],
  estateOf: (region: string) => OracleEstate,
): Map<string, "inUse" | "unused" | "unknown"> {
  const verdicts = new Map<string, "inUse" | "unused" | "unknown">();
  for (const image of images) {
    const estate = estateOf(image.region);
    const referenced =
      estate.servers.some((s) => s.imageId === image.id) ||
      estate.volumes.some((v) => v.imageId === image.id) ||
      estate.clusters.some((c) => c.nodeGroups.some((g) => g.imageId === image.id));
    const hidden = estate.servers.some(
      (s) =>
        s.imageId === null &&
        !estate.volumes.some((v) => v.serverId === s.id && v.bootable && v.imageId !== null),
    );
    verdicts.set(
      `${image.region} ${image.id}`,
      referenced ? "inUse" : image.visibility !== "private" || hidden ? "unknown" : "unused",
    );
  }
  return verdicts;
}
