import {
  DISK_FORMATS,
  familyOf,
  KNOWN_IMAGE_STATUSES,
  REGIONS,
  type Region,
} from "@nhn-images/core";
import { DEMO_PROJECT, NHN_PUBLIC_OWNER, PARTNER_PROJECT } from "./projects.ts";
import { PUBLIC_FAMILIES, publicFamilyAt, publicImageName } from "./public-images.ts";
import { hash2, pick, prng } from "./random.ts";
import type { GeneratedImage, SimulatorImage } from "./simulated-image.ts";

/** Day 0's newest image is created at this instant; older ones step back an hour each. */
export const NEWEST_CREATED_AT = Date.UTC(2026, 10, 25, 15, 0, 0);
const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Public images younger than this carry `_AVAILABLE_`: NHN's console offers current ones. */
const AVAILABLE_FOR_MS = 180 * DAY;
/** Ids of images added by the day's evolution have this bit in their index digits. */
const ADDED_BIT = 0x800000000000;

const SNAPSHOT_ROLES = ["web", "api", "db", "batch", "cache", "bastion", "jenkins", "kafka", "es"];
const SNAPSHOT_KINDS = ["snapshot", "backup", "golden", "baseline"];
const ENVIRONMENTS = ["prod", "stg", "dev", "qa"];
/** One generated private image in this many is hidden (`os_hidden`). */
const HIDDEN_EVERY = 97;
const SIZES = [1, 2, 4, 8, 16, 32].map((gib) => gib * 1024 ** 3);

/**
 * Which image of a region's generated set: `age` ≥ 0 is the image created `age` hours before
 * day 0's newest; `added` is the n-th image added by the day-to-day evolution (n from 0).
 */
export type GeneratedKey =
  | { readonly age: number }
  | {
      readonly added: number;
      readonly createdAt: number;
      /** This added image is a release of this public family (an index of PUBLIC_FAMILIES). */
      readonly release?: number;
    };

/**
 * The image of day 0 created `index` hours before the newest, in `region`, for `seed`: a pure
 * function, so a listing of a million images costs no memory and a seed always gives the same
 * images. Ids embed the index (their last 12 hex digits), so a `marker` maps back to a position.
 */
export function generateImage(seed: number, index: number, region: Region = "KR1"): GeneratedImage {
  return generateAt(seed, region, { age: index });
}

export function generateAt(seed: number, region: Region, key: GeneratedKey): GeneratedImage {
  const regionSeed = regionSeedOf(seed, region);
  // Base images and added images draw from disjoint streams (ages are ≥ 0, additions < 0).
  const stream = "age" in key ? key.age : -1 - key.added;
  const indexDigits = "age" in key ? key.age : ADDED_BIT + key.added;
  const random = prng(hash2(regionSeed, stream));
  const createdAt =
    "age" in key
      ? NEWEST_CREATED_AT - key.age * HOUR - Math.floor(random() * 3_000) * 1000
      : key.createdAt;
  const updatedAt = Math.min(
    createdAt + Math.floor(random() * 72) * HOUR,
    Math.max(createdAt, NEWEST_CREATED_AT),
  );
  // Day 0 cycles through every status and disk format; images added later are new and usable.
  const cycle = "age" in key ? key.age % 50 : KNOWN_IMAGE_STATUSES.length;
  const status = KNOWN_IMAGE_STATUSES[cycle] ?? "active";
  const formatCycle = "age" in key ? key.age % 40 : DISK_FORMATS.length;
  const diskFormat = DISK_FORMATS[formatCycle] ?? (random() < 0.8 ? "qcow2" : "raw");
  const noData = status === "queued" || status === "killed";
  const kind = random();
  const release = "release" in key ? key.release : undefined;
  const common = {
    id: generatedUuid(hash2(regionSeed, stream ^ 0x1d), indexDigits),
    status: status as string,
    diskFormat: status === "queued" ? null : diskFormat,
    size: noData ? null : pick(random, SIZES) + Math.floor(random() * 1024 ** 2),
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    region,
    hidden: false,
  };
  // Day 0 holds public images of every age; later, a public image appears only as a family's
  // release (DayEvolution), as NHN publishes them.
  if ((kind < 0.35 && "age" in key) || release !== undefined) {
    const family = release === undefined ? pick(random, PUBLIC_FAMILIES) : publicFamilyAt(release);
    const name = publicImageName(family, createdAt);
    const properties = {
      os_type: family.osType,
      os_distro: family.distro,
      os_version: family.version,
      os_architecture: "amd64",
      hypervisor_type: "qemu",
      login_username: family.login,
      description: name,
      nhncloud_allow_download: "false",
    };
    return {
      ...common,
      name,
      isPublic: true,
      protected: true,
      minDisk: family.minDisk,
      minRam: 0,
      properties,
      visibility: "public",
      owner: NHN_PUBLIC_OWNER,
      tags: NEWEST_CREATED_AT - createdAt < AVAILABLE_FOR_MS ? ["_AVAILABLE_"] : [],
      family: familyOf(name, properties),
    };
  }
  const base = pick(random, PUBLIC_FAMILIES);
  const properties: Record<string, string> = {
    os_type: base.osType,
    os_distro: base.distro,
    os_version: base.version,
    // Nova's snapshot of a server: the image type and the server it came from.
    image_type: "snapshot",
    instance_uuid: generatedUuid(
      hash2(regionSeed ^ 0x5eed, stream),
      (indexDigits % 0x1000000) + 7_000_000,
    ),
    nhncloud_allow_download: random() < 0.2 ? "true" : "false",
  };
  if (random() < 0.3) properties.description = `${pick(random, SNAPSHOT_ROLES)} server image`;
  const ownership = ownershipOf(kind, random);
  const name = random() < 0.03 ? "" : privateImageName(random, indexDigits, createdAt);
  return {
    ...common,
    name,
    isPublic: false,
    protected: random() < 0.1,
    minDisk: pick(random, [0, 20, 30, 50, 100]),
    minRam: pick(random, [0, 1024, 2048, 4096, 8192]),
    properties,
    ...ownership,
    tags: random() < 0.1 ? ["golden"] : [],
    // About one in a hundred, retired with Glance's `os_hidden` (drawn from the index, not the
    // random stream, so every other field of the estate stays what it was).
    hidden: indexDigits % HIDDEN_EVERY === HIDDEN_EVERY - 3,
    family: familyOf(name, properties),
  };
}

/** A project's own image, or one shared between the demo project and the partner project. */
function ownershipOf(
  kind: number,
  random: () => number,
): Pick<SimulatorImage, "visibility" | "owner" | "members"> {
  if (kind < 0.8) return { visibility: "private", owner: DEMO_PROJECT.id };
  if (kind < 0.85)
    return {
      visibility: "shared",
      owner: DEMO_PROJECT.id,
      members: { [PARTNER_PROJECT.id]: "accepted" },
    };
  if (kind < 0.95) {
    const status = random() < 0.5 ? "accepted" : "pending";
    return {
      visibility: "shared",
      owner: PARTNER_PROJECT.id,
      members: { [DEMO_PROJECT.id]: status },
    };
  }
  return { visibility: "private", owner: PARTNER_PROJECT.id };
}

/** "prod-web-07-golden-20261120": how teams name the images they make of their servers. */
export function privateImageName(random: () => number, index: number, createdAt: number): string {
  const date = new Date(createdAt).toISOString().slice(0, 10).replaceAll("-", "");
  return `${pick(random, ENVIRONMENTS)}-${pick(random, SNAPSHOT_ROLES)}-${String(index % 100).padStart(2, "0")}-${pick(random, SNAPSHOT_KINDS)}-${date}`;
}

/** The generated key an id was made from, or null when the id is not one the generator makes. */
export function keyOfGeneratedId(id: string): { age: number } | { added: number } | null {
  const match = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-([0-9a-f]{12})$/.exec(id);
  if (match === null) return null;
  const digits = Number.parseInt(match[1] as string, 16);
  return digits >= ADDED_BIT ? { added: digits - ADDED_BIT } : { age: digits };
}

function regionSeedOf(seed: number, region: Region): number {
  return region === "KR1" ? seed : hash2(seed, 0x7e61 + REGIONS.indexOf(region));
}

/** A v4-shaped UUID from a hash, its last 12 hex digits `index` (so ids map back to positions). */
export function generatedUuid(hash: number, index: number): string {
  const h = hash.toString(16).padStart(8, "0");
  const h2 = hash2(hash, index).toString(16).padStart(8, "0");
  return `${h}-${h2.slice(0, 4)}-4${h2.slice(4, 7)}-8${h.slice(0, 3)}-${index.toString(16).padStart(12, "0")}`;
}
