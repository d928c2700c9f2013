/**
 * The public images NHN offers, as its documents name and describe them. Names are those of
 * Compute `ko/release-notes.md` ("Rocky Linux 9.7(2026.03.10.)", "Windows 2022 STD(2026.03.10.)
 * KO") written as the API answers them, "CentOS 6.10 (2018.10.23)" (the image list example of
 * Compute-Image `ko/public-api.md`). Properties are those of that example (`os_distro` in NHN's
 * mixed case, "CentOS"; `os_version` "6.10"; `hypervisor_type` "qemu"), of the create example
 * (`os_distro` "ubuntu", `os_version` "Server 22.04 LTS") and of the download section
 * (`nhncloud_allow_download`).
 */
export interface PublicImageFamily {
  readonly name: string;
  /** Written after the date, as NHN names its Windows images ("… (2026.03.10) KO"). */
  readonly suffix?: string;
  readonly osType: "linux" | "windows";
  readonly distro: string;
  readonly version: string;
  readonly login: string;
  readonly minDisk: number;
}

const linux = (name: string, distro: string, version: string, login: string, minDisk = 20) =>
  ({ name, osType: "linux", distro, version, login, minDisk }) as const;

export const PUBLIC_FAMILIES: readonly PublicImageFamily[] = [
  linux("CentOS 6.10", "CentOS", "6.10", "centos"),
  linux("Ubuntu Server 22.04.5 LTS", "ubuntu", "Server 22.04 LTS", "ubuntu"),
  linux("Ubuntu Server 24.04.3 LTS", "ubuntu", "Server 24.04 LTS", "ubuntu"),
  linux("Ubuntu Server 22.04.5 LTS with NVIDIA", "ubuntu", "Server 22.04 LTS", "ubuntu", 50),
  linux("Ubuntu Server 24.04.5 LTS with MySQL 8.0.45", "ubuntu", "Server 24.04 LTS", "ubuntu"),
  linux("Rocky Linux 8.10", "rocky", "8.10", "rocky"),
  linux("Rocky Linux 9.7", "rocky", "9.7", "rocky"),
  linux("Debian 11.11 Bullseye", "debian", "11.11", "debian"),
  linux("Debian 12.13 Bookworm", "debian", "12.13", "debian"),
  {
    name: "Windows 2022 STD",
    suffix: "KO",
    osType: "windows",
    distro: "windows",
    version: "2022 STD",
    login: "Administrator",
    minDisk: 50,
  },
  {
    name: "Windows 2019 STD",
    suffix: "EN",
    osType: "windows",
    distro: "windows",
    version: "2019 STD",
    login: "Administrator",
    minDisk: 50,
  },
];

/** "Rocky Linux 9.7 (2026.03.10)": a family's name with its release date, as NHN names images. */
export function publicImageName(family: PublicImageFamily, epochMs: number): string {
  const date = new Date(epochMs).toISOString().slice(0, 10).replaceAll("-", ".");
  return `${family.name} (${date})${family.suffix === undefined ? "" : ` ${family.suffix}`}`;
}

/** The public family at `index`, counted round the list (a day's release takes its turn). */
export function publicFamilyAt(index: number): PublicImageFamily {
  const n = PUBLIC_FAMILIES.length;
  return PUBLIC_FAMILIES[((index % n) + n) % n] as PublicImageFamily;
}

/** "Windows 2022 STD KO": a public family's family name (its image names without their date). */
export function publicFamilyName(family: PublicImageFamily): string {
  return family.suffix === undefined ? family.name : `${family.name} ${family.suffix}`;
}

const FAMILY_INDEX = new Map(PUBLIC_FAMILIES.map((family, i) => [publicFamilyName(family), i]));

/** The index in {@link PUBLIC_FAMILIES} of a public family's name, or null for any other. */
export function publicFamilyIndexOf(familyName: string): number | null {
  return FAMILY_INDEX.get(familyName) ?? null;
}
