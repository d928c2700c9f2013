import { REGIONS, type Region } from "@nhn-images/core";
import { generatedUuid } from "./generate.ts";
import type { RegionImages } from "./image-source.ts";
import { DEMO_PROJECT } from "./projects.ts";
import { hash2, prng } from "./random.ts";
import type { SimulatorImage } from "./simulated-image.ts";
import { glanceShows } from "./visibility.ts";

/** A server of the simulated estate (Compute-Instance `servers/detail`). */
export interface SimulatedServer {
  readonly id: string;
  readonly name: string;
  /** Documented statuses: a shelved server (`SHELVED_OFFLOADED`) keeps its image. */
  readonly status: "ACTIVE" | "SHUTOFF" | "SHELVED_OFFLOADED";
  /** The image it was made from; null for a server booted from a volume (`"image": ""`). */
  readonly imageId: string | null;
  readonly project: string;
  /** When it was created, epoch ms. */
  readonly createdAt: number;
}

/** A volume of the simulated estate (Block-Storage `volumes/detail`). */
export interface SimulatedVolume {
  readonly id: string;
  readonly name: string;
  readonly bootable: boolean;
  /** `volume_image_metadata.image_id`; null when the volume carries no image metadata. */
  readonly imageId: string | null;
  /** The server it is attached to, or null. */
  readonly serverId: string | null;
  readonly sizeGb: number;
  readonly project: string;
  readonly createdAt: number;
}

/** An NKS cluster and its node groups. */
export interface SimulatedCluster {
  readonly uuid: string;
  readonly name: string;
  readonly project: string;
  readonly nodeGroups: readonly {
    readonly uuid: string;
    readonly name: string;
    readonly imageId: string;
  }[];
}

/** What one region runs: servers, volumes and (KR1, KR2) NKS clusters. */
export interface RegionEstate {
  readonly servers: readonly SimulatedServer[];
  readonly volumes: readonly SimulatedVolume[];
  readonly clusters: readonly SimulatedCluster[];
}

/** How large the generated estate is. */
export interface EstateOptions {
  /** Servers per region; default: one for every 25 images, from 8 to 40. */
  readonly servers?: number;
  /**
   * Servers booted from a volume that names no image (their image cannot be told), per region;
   * default one in KR2 and none elsewhere, so one region's unreferenced images are `unknown`.
   */
  readonly hiddenBootServers?: Partial<Record<Region, number>>;
}

/** NKS is documented in KR1, KR2 and (since 2026-02) KR3 (Container-Kubernetes `ko/public-api.md`). */
export const NKS_REGIONS: readonly Region[] = ["KR1", "KR2", "KR3"];

const DAY_MS = 86_400_000;
const ESTATE_EPOCH = Date.UTC(2026, 10, 1);

/**
 * The servers, volumes and clusters of one region on simulated `day`, consistent with the images
 * the region holds that day: every reference is to an image the demo project can use (some of
 * its own private ones, some public). A fifth of the servers each: running from an image, shut
 * off, shelved (`SHELVED_OFFLOADED`), booted from a volume made from an image (server `image`
 * empty, the volume names it), and running with a data volume; plus `hiddenBootServers` booted
 * from a volume with no image metadata, one volume made from an image and attached to nothing,
 * and in KR1, KR2 and KR3 one NKS cluster of two node groups. The estate changes from day to day.
 */
export function generateEstate(
  seed: number,
  day: number,
  region: Region,
  images: RegionImages,
  options: EstateOptions = {},
): RegionEstate {
  const random = prng(hash2(hash2(seed, 0xe57a7e + REGIONS.indexOf(region)), day));
  const id = (kind: number, n: number) =>
    generatedUuid(hash2(Math.floor(random() * 2 ** 32), kind), n);
  const serverCount =
    options.servers ?? Math.min(40, Math.max(8, Math.ceil(images.positions / 25)));
  const hidden = options.hiddenBootServers?.[region] ?? (region === "KR2" ? 1 : 0);
  const candidates = usableImages(images, random, Math.max(2, Math.ceil(serverCount / 3)));
  const pick = () => candidates[Math.floor(random() * candidates.length)] ?? null;
  const createdAt = (n: number) => ESTATE_EPOCH + day * DAY_MS - n * 3_600_000;

  const servers: SimulatedServer[] = [];
  const volumes: SimulatedVolume[] = [];
  const volume = (
    n: number,
    fields: Pick<SimulatedVolume, "bootable" | "imageId" | "serverId">,
  ) => {
    volumes.push({
      id: id(2, n),
      name: `volume-${region.toLowerCase()}-${n}`,
      sizeGb: fields.bootable ? 50 : 100,
      project: DEMO_PROJECT.id,
      createdAt: createdAt(n),
      ...fields,
    });
  };
  for (let n = 0; n < serverCount + hidden; n++) {
    const kind =
      n >= serverCount
        ? "hidden"
        : (["image", "shutoff", "shelved", "volume", "data"] as const)[n % 5];
    const image = kind === "hidden" ? null : pick();
    const server: SimulatedServer = {
      id: id(1, n),
      name: `${kind === "hidden" ? "legacy" : "web"}-${region.toLowerCase()}-${n}`,
      status: kind === "shutoff" ? "SHUTOFF" : kind === "shelved" ? "SHELVED_OFFLOADED" : "ACTIVE",
      imageId: kind === "volume" || kind === "hidden" ? null : image,
      project: DEMO_PROJECT.id,
      createdAt: createdAt(n),
    };
    servers.push(server);
    if (kind === "volume" || kind === "hidden") {
      volume(n, { bootable: true, imageId: image, serverId: server.id });
    } else if (kind === "data") {
      volume(n, { bootable: false, imageId: null, serverId: server.id });
    }
  }
  volume(serverCount + hidden, { bootable: true, imageId: pick(), serverId: null });

  const clusters: SimulatedCluster[] = [];
  const first = pick();
  const second = pick();
  if (NKS_REGIONS.includes(region) && first !== null && second !== null) {
    clusters.push({
      uuid: id(3, 0),
      name: `nks-${region.toLowerCase()}`,
      project: DEMO_PROJECT.id,
      nodeGroups: [
        { uuid: id(4, 0), name: "default-worker", imageId: first },
        { uuid: id(4, 1), name: "batch-worker", imageId: second },
      ],
    });
  }
  return { servers, volumes, clusters };
}

/**
 * Up to `wanted` active images the demo project can use, found by sampling positions (a region
 * of ten million images is never walked): about half the demo project's own private images.
 */
function usableImages(images: RegionImages, random: () => number, wanted: number): string[] {
  const own: string[] = [];
  const others: string[] = [];
  for (let tries = 0; tries < wanted * 40 && own.length < wanted && images.positions > 0; tries++) {
    const image: SimulatorImage | null = images.at(Math.floor(random() * images.positions));
    if (image === null || image.status !== "active" || !glanceShows(image, DEMO_PROJECT.id))
      continue;
    const into = image.visibility === "private" ? own : others;
    if (!into.includes(image.id)) into.push(image.id);
  }
  const half = Math.ceil(wanted / 2);
  return [...own.slice(0, half), ...others, ...own.slice(half)].slice(0, wanted);
}
