import type { Region } from "../regions.ts";

/** A server as usage reads it (Compute-Instance `servers/detail`). */
export interface ServerReference {
  readonly id: string;
  /** `image.id`; null when the server names no image (booted from a volume). */
  readonly imageId: string | null;
}

/** A volume as usage reads it (Block-Storage `volumes/detail`). */
export interface VolumeReference {
  readonly id: string;
  readonly bootable: boolean;
  /** `volume_image_metadata.image_id`, when the volume carries it; null otherwise. */
  readonly imageId: string | null;
  /** `attachments[].server_id`. */
  readonly serverIds: readonly string[];
}

/** An NKS node group as usage reads it (`clusters/{id}/nodegroups`). */
export interface NodeGroupReference {
  readonly id: string;
  /** `image_id`; null when the node group names none. */
  readonly imageId: string | null;
}

/** What one region's listings returned, over every listed project, and what could not be listed. */
export interface RegionListings {
  readonly region: Region;
  readonly servers: readonly ServerReference[];
  readonly volumes: readonly VolumeReference[];
  readonly nodeGroups: readonly NodeGroupReference[];
  /** Why the evidence is incomplete ("servers of project … could not be listed: …"); empty when complete. */
  readonly gaps: readonly string[];
}

/** Everything that refers to one image in one region. */
export interface ImageReferences {
  readonly servers: Set<string>;
  readonly nodeGroups: Set<string>;
  byImageRef: number;
  byBootVolume: number;
  byNodeGroup: number;
}

/** One region's evidence, by image id. */
export interface RegionEvidence {
  readonly region: Region;
  /** What refers to `imageId`, or undefined when nothing does. */
  referencesOf(imageId: string): ImageReferences | undefined;
  /**
   * Servers whose image cannot be told: no `image.id`, and a boot volume that names no image
   * (or no bootable volume attached at all).
   */
  readonly unattributedServers: number;
  readonly gaps: readonly string[];
}

/**
 * Reads one region's listings into evidence. An image is referred to by a server's `image.id`
 * (a shelved server too: `SHELVED_OFFLOADED` keeps its image), by a volume's
 * `volume_image_metadata.image_id` (bootable or not, attached or not: a volume made from an image is the image's
 * copy, and the servers it is attached to boot from that image), and by a node group's
 * `image_id`. A server that names no image is attributed only when every bootable volume
 * attached to it names one; otherwise it counts as unattributed. `metadata.image_name` is never
 * read: the server's creator copies it, so it is not evidence of an id.
 */
export function regionEvidence(listings: RegionListings): RegionEvidence {
  const references = new Map<string, ImageReferences>();
  const referencesOf = (imageId: string) => {
    let found = references.get(imageId);
    if (found === undefined) {
      found = {
        servers: new Set(),
        nodeGroups: new Set(),
        byImageRef: 0,
        byBootVolume: 0,
        byNodeGroup: 0,
      };
      references.set(imageId, found);
    }
    return found;
  };

  const bootVolumes = new Map<string, VolumeReference[]>();
  for (const volume of listings.volumes) {
    if (volume.bootable) {
      for (const serverId of volume.serverIds) {
        const attached = bootVolumes.get(serverId);
        if (attached === undefined) bootVolumes.set(serverId, [volume]);
        else attached.push(volume);
      }
    }
    // Cinder marks a volume made from an image bootable; one whose flag was turned off still
    // names its image, and still counts: evidence is never dropped on a flag.
    if (volume.imageId === null) continue;
    const refs = referencesOf(volume.imageId);
    refs.byBootVolume++;
    for (const serverId of volume.serverIds) refs.servers.add(serverId);
  }

  let unattributedServers = 0;
  for (const server of listings.servers) {
    if (server.imageId !== null) {
      const refs = referencesOf(server.imageId);
      refs.byImageRef++;
      refs.servers.add(server.id);
      continue;
    }
    const volumes = bootVolumes.get(server.id);
    if (volumes === undefined || volumes.some((volume) => volume.imageId === null)) {
      unattributedServers++;
    }
  }

  const gaps = [...listings.gaps];
  for (const group of listings.nodeGroups) {
    if (group.imageId === null) {
      gaps.push(`NKS node group ${group.id} names no image`);
      continue;
    }
    const refs = referencesOf(group.imageId);
    refs.byNodeGroup++;
    refs.nodeGroups.add(group.id);
  }

  return {
    region: listings.region,
    referencesOf: (imageId) => references.get(imageId),
    unattributedServers,
    gaps,
  };
}
