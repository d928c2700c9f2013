import type { Region } from "../regions.ts";
import type { FamilyRow } from "../schemas/family-row.ts";
import type { Image } from "../schemas/image.ts";
import { compareCodePoints } from "./order.ts";

/** What is kept of one family in one region while images are offered. */
interface Tally {
  readonly family: string;
  readonly region: Region;
  images: number;
  active: number;
  totalBytes: number;
  oldestCreatedAt: string;
  newest: Image;
  newestActive: Image | null;
}

/**
 * Groups images into families, one region at a time (families are per region): images are
 * offered one by one — a cached list or a snapshot's stream — and only one tally per family is
 * kept, so a snapshot of a million images is grouped in the memory of its families.
 */
export class FamilyTally {
  readonly #byRegion = new Map<Region, Map<string, Tally>>();

  offer(image: Image): void {
    let families = this.#byRegion.get(image.region);
    if (families === undefined) {
      families = new Map();
      this.#byRegion.set(image.region, families);
    }
    const tally = families.get(image.family);
    // The family's latest is what /images/latest answers: active, and never a hidden image.
    const active = image.status === "active";
    const candidate = active && !image.hidden;
    if (tally === undefined) {
      families.set(image.family, {
        family: image.family,
        region: image.region,
        images: 1,
        active: active ? 1 : 0,
        totalBytes: image.size ?? 0,
        oldestCreatedAt: image.createdAt,
        newest: image,
        newestActive: candidate ? image : null,
      });
      return;
    }
    tally.images++;
    tally.totalBytes += image.size ?? 0;
    if (image.createdAt < tally.oldestCreatedAt) tally.oldestCreatedAt = image.createdAt;
    if (isNewer(image, tally.newest)) tally.newest = image;
    if (active) tally.active++;
    if (candidate && (tally.newestActive === null || isNewer(image, tally.newestActive))) {
      tally.newestActive = image;
    }
  }

  /** Every family's row, by family then region (code point order). */
  rows(): FamilyRow[] {
    const rows: FamilyRow[] = [];
    for (const families of this.#byRegion.values()) {
      for (const tally of families.values()) rows.push(rowOf(tally));
    }
    return rows.sort(compareFamilyRows);
  }
}

/** Every family's row of a list of images. */
export function familyRowsOf(images: Iterable<Image>): FamilyRow[] {
  const tally = new FamilyTally();
  for (const image of images) tally.offer(image);
  return tally.rows();
}

/**
 * Whether `a` is newer than `b` as `GET /images/latest` orders images: greater `createdAt`,
 * then the smaller id (the first row of the list's default order). Both are of one region.
 */
function isNewer(a: Image, b: Image): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  return compareCodePoints(a.id, b.id) < 0;
}

/** Families' order: family, then region, by code point. */
export function compareFamilyRows(
  a: Pick<FamilyRow, "family" | "region">,
  b: Pick<FamilyRow, "family" | "region">,
): number {
  return compareCodePoints(a.family, b.family) || compareCodePoints(a.region, b.region);
}

function rowOf(tally: Tally): FamilyRow {
  const latest = tally.newestActive;
  return {
    family: tally.family,
    region: tally.region,
    images: tally.images,
    active: tally.active,
    latest:
      latest === null ? null : { id: latest.id, name: latest.name, createdAt: latest.createdAt },
    oldestCreatedAt: tally.oldestCreatedAt,
    totalBytes: tally.totalBytes,
    visibility: (latest ?? tally.newest).visibility,
  };
}
