import { DISK_FORMATS, type Image, KNOWN_IMAGE_STATUSES } from "@nhn-images/core";
import { hash2, pick, prng } from "./random.ts";

/** The owner (tenant) of the private images the simulator generates. */
export const SIMULATED_TENANT = "demo-tenant";

/** The newest generated image is created at this instant; older ones step back from it. */
const NEWEST_CREATED_AT = Date.UTC(2026, 10, 25, 15, 0, 0);

interface PublicImageFamily {
  readonly name: (date: string) => string;
  readonly osType: "linux" | "windows";
  readonly distro: string;
  readonly version: string;
  readonly login: string;
  readonly minDisk: number;
  readonly minRam: number;
}

const PUBLIC_FAMILIES: readonly PublicImageFamily[] = [
  {
    name: (d) => `Ubuntu Server 22.04.5 LTS (${d})`,
    osType: "linux",
    distro: "ubuntu",
    version: "Server 22.04 LTS",
    login: "ubuntu",
    minDisk: 20,
    minRam: 1024,
  },
  {
    name: (d) => `Ubuntu Server 24.04.2 LTS (${d})`,
    osType: "linux",
    distro: "ubuntu",
    version: "Server 24.04 LTS",
    login: "ubuntu",
    minDisk: 20,
    minRam: 1024,
  },
  {
    name: (d) => `Rocky Linux 8.10 (${d})`,
    osType: "linux",
    distro: "rocky",
    version: "8.10",
    login: "rocky",
    minDisk: 20,
    minRam: 1024,
  },
  {
    name: (d) => `Rocky Linux 9.5 (${d})`,
    osType: "linux",
    distro: "rocky",
    version: "9.5",
    login: "rocky",
    minDisk: 20,
    minRam: 1024,
  },
  {
    name: (d) => `Debian 12.9 Bookworm (${d})`,
    osType: "linux",
    distro: "debian",
    version: "12.9",
    login: "debian",
    minDisk: 20,
    minRam: 1024,
  },
  {
    name: (d) => `CentOS 7.9 (${d})`,
    osType: "linux",
    distro: "centos",
    version: "7.9",
    login: "centos",
    minDisk: 20,
    minRam: 1024,
  },
  {
    name: (d) => `Windows 2022 STD (${d}) KO`,
    osType: "windows",
    distro: "windows",
    version: "2022 STD",
    login: "Administrator",
    minDisk: 50,
    minRam: 4096,
  },
  {
    name: (d) => `Windows 2019 STD (${d}) EN`,
    osType: "windows",
    distro: "windows",
    version: "2019 STD",
    login: "Administrator",
    minDisk: 50,
    minRam: 4096,
  },
  {
    name: (d) => `Ubuntu Server 22.04.5 LTS - GPU Driver (${d})`,
    osType: "linux",
    distro: "ubuntu",
    version: "Server 22.04 LTS",
    login: "ubuntu",
    minDisk: 50,
    minRam: 8192,
  },
];

const SNAPSHOT_ROLES = ["web", "api", "db", "batch", "cache", "bastion", "jenkins", "kafka", "es"];
const SNAPSHOT_KINDS = ["snapshot", "backup", "golden", "baseline"];
const ENVIRONMENTS = ["prod", "stg", "dev", "qa"];
const SIZES = [1, 2, 4, 8, 16, 32].map((gib) => gib * 1024 ** 3);

/**
 * The `index`-th generated image for `seed`: a pure function, so a listing of a million images
 * costs no memory and the same seed always gives the same images.
 *
 * Ids embed the index (its last 12 hex digits), so a paging `marker` maps back to a position
 * without an index of ids. Generated images are ordered newest first by index, which is also
 * Glance's default order (`created_at` desc).
 */
export function generateImage(seed: number, index: number): Image {
  const random = prng(hash2(seed, index));
  const createdAt = NEWEST_CREATED_AT - index * 3_600_000 - Math.floor(random() * 3_000) * 1000;
  const updatedAt = Math.min(createdAt + Math.floor(random() * 72) * 3_600_000, NEWEST_CREATED_AT);
  const isPublic = random() < 0.35;
  const cycle = index % 50;
  const status = cycle < KNOWN_IMAGE_STATUSES.length ? KNOWN_IMAGE_STATUSES[cycle] : "active";
  const formatCycle = index % 40;
  const diskFormat =
    formatCycle < DISK_FORMATS.length
      ? DISK_FORMATS[formatCycle]
      : random() < 0.8
        ? "qcow2"
        : "raw";
  const noData = status === "queued" || status === "killed";
  const date = dateLabel(createdAt);

  let name: string;
  let minDisk: number;
  let minRam: number;
  const properties: Record<string, string> = {};
  if (isPublic) {
    const family = pick(random, PUBLIC_FAMILIES);
    name = family.name(date);
    minDisk = family.minDisk;
    minRam = family.minRam;
    Object.assign(properties, {
      os_type: family.osType,
      os_distro: family.distro,
      os_version: family.version,
      os_architecture: "amd64",
      hypervisor_type: "kvm",
      login_username: family.login,
      release_date: date.replaceAll(".", "-"),
      description: `${family.distro} ${family.version} base image`,
      nhn_image_type: "public",
    });
  } else {
    const role = pick(random, SNAPSHOT_ROLES);
    name =
      random() < 0.03
        ? ""
        : `${pick(random, ENVIRONMENTS)}-${role}-${String(index % 100).padStart(2, "0")}-${pick(random, SNAPSHOT_KINDS)}-${date.replaceAll(".", "")}`;
    minDisk = pick(random, [0, 20, 30, 50, 100]);
    minRam = pick(random, [0, 1024, 2048, 4096, 8192]);
    properties.os_type = random() < 0.9 ? "linux" : "windows";
    properties.image_type = "snapshot";
    properties.instance_uuid = uuid(hash2(seed ^ 0x5eed, index), index + 7_000_000);
    properties.owner_project = SIMULATED_TENANT;
    if (random() < 0.5) properties.monitoring_agent = random() < 0.5 ? "enabled" : "disabled";
    if (random() < 0.3) properties.description = `${role} server image`;
  }

  return {
    id: generatedId(seed, index),
    name,
    status: status as string,
    diskFormat: status === "queued" ? null : (diskFormat ?? null),
    isPublic,
    protected: random() < 0.1,
    minDisk,
    minRam,
    size: noData ? null : pick(random, SIZES) + Math.floor(random() * 1024 ** 2),
    properties,
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
  };
}

/** The id of the `index`-th generated image, without generating the rest of it. */
export function generatedId(seed: number, index: number): string {
  return uuid(hash2(seed, index ^ 0x1d), index);
}

/** The index a generated id was made from, or null when the id is not one of ours. */
export function indexOfGeneratedId(id: string): number | null {
  const match = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-([0-9a-f]{12})$/.exec(id);
  return match === null ? null : Number.parseInt(match[1] as string, 16);
}

function uuid(hash: number, index: number): string {
  const h = hash.toString(16).padStart(8, "0");
  const h2 = hash2(hash, index).toString(16).padStart(8, "0");
  return `${h}-${h2.slice(0, 4)}-4${h2.slice(4, 7)}-8${h.slice(0, 3)}-${index.toString(16).padStart(12, "0")}`;
}

function dateLabel(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10).replaceAll("-", ".");
}
