import type { Region } from "@nhn-images/core";
import { DAY, generateAt, NEWEST_CREATED_AT, privateImageName } from "./generate.ts";
import { PUBLIC_FAMILIES, publicFamilyIndexOf } from "./public-images.ts";
import { hash2, prng } from "./random.ts";
import type { SimulatorImage } from "./simulated-image.ts";

/** A generated image's key: ≥ 0 an image of day 0 by age, < 0 the (-key-1)-th image added. */
export type ImageKey = number;

type EventKind = "remove" | "rename" | "deactivate" | "retag";
const EVENT_SALT: Record<EventKind, number> = { remove: 1, rename: 2, deactivate: 3, retag: 4 };
/** Events of each kind per day, per 1,000 images of day 0 (at least one of each). */
const PER_THOUSAND: Record<EventKind, number> = { remove: 4, rename: 4, deactivate: 2, retag: 4 };
const ADDED_PER_THOUSAND = 10;
/**
 * Days a public release stays listed after the next release of its family appears: NHN's
 * release notes add a family's new dated image and end the previous one's support together; the
 * simulator keeps the previous one a little while, so both are seen side by side.
 */
export const RELEASE_OVERLAP_DAYS = 3;

/**
 * How a region's generated images change from one simulated day to the next: each day adds
 * images and removes, renames, deactivates and retags some of those present the day before.
 * Deterministic for (seed, region, count): day d is the same whenever it is asked for, and day
 * d + 1 is day d with that day's events, so successive exports show real diffs.
 *
 * Day 0 is the generated set as is; its newest image is created at {@link NEWEST_CREATED_AT}.
 * Day d's events happen in the 24 hours after day d - 1's end.
 *
 * Public images follow NHN's release pattern: on day d the public family d - 1 (counted round
 * {@link PUBLIC_FAMILIES}) gets a new dated release — the day's first added image — and every
 * older release of that family is gone {@link RELEASE_OVERLAP_DAYS} days later. So the newest
 * image of a family changes from one simulated day to the next.
 */
export class DayEvolution {
  readonly addedPerDay: number;
  readonly #events = new Map<ImageKey, { kind: EventKind; at: number }[]>();
  readonly #removed = new Set<ImageKey>();

  constructor(
    readonly seed: number,
    readonly region: Region,
    readonly baseCount: number,
    readonly day: number,
  ) {
    this.addedPerDay =
      baseCount === 0 ? 0 : Math.max(1, Math.round((baseCount * ADDED_PER_THOUSAND) / 1000));
    for (let d = 1; d <= day && baseCount > 0; d++) {
      const present = baseCount + (d - 1) * this.addedPerDay;
      for (const kind of Object.keys(PER_THOUSAND) as EventKind[]) {
        const count = Math.max(1, Math.round((baseCount * PER_THOUSAND[kind]) / 1000));
        const random = prng(hash2(hash2(seed, d), EVENT_SALT[kind]));
        for (let j = 0; j < count; j++) {
          const pick = Math.floor(random() * present);
          const key = pick < baseCount ? pick : -1 - (pick - baseCount);
          if (this.#removed.has(key)) continue;
          const at = dayStart(d) + Math.floor(random() * (DAY / 1000)) * 1000;
          if (kind === "remove") this.#removed.add(key);
          else this.#addEvent(key, kind, at);
        }
      }
    }
  }

  /** Positions of the day's listing in Glance's default order (newest first), removed included. */
  get positions(): number {
    return this.baseCount + this.day * this.addedPerDay;
  }

  /** The key at a position of the default order. */
  keyAt(position: number): ImageKey {
    const added = this.day * this.addedPerDay;
    return position < added ? -1 - (added - 1 - position) : position - added;
  }

  /** The position of a key, or null when the key is not of this day. */
  positionOf(key: ImageKey): number | null {
    const added = this.day * this.addedPerDay;
    if (key >= 0) return key < this.baseCount ? added + key : null;
    const seq = -1 - key;
    return seq < added ? added - 1 - seq : null;
  }

  isRemoved(key: ImageKey): boolean {
    return this.#removed.has(key);
  }

  /** The image at `key` as it is on this day, or null when it was removed or retired. */
  imageAt(key: ImageKey): SimulatorImage | null {
    if (this.#removed.has(key)) return null;
    const base =
      key >= 0 ? generateAt(this.seed, this.region, { age: key }) : this.#added(-1 - key);
    if (base.isPublic && this.#retired(base.family, Date.parse(base.createdAt))) return null;
    const events = this.#events.get(key);
    return events === undefined ? base : applyEvents(base, key, events);
  }

  /** The `seq`-th added image: the first of each day is that day's public release. */
  #added(seq: number) {
    const createdAt = this.#addedAt(seq);
    const day = Math.floor(seq / this.addedPerDay) + 1;
    const release = seq % this.addedPerDay === 0 ? releasedFamilyOn(day) : undefined;
    return generateAt(this.seed, this.region, {
      added: seq,
      createdAt,
      ...(release === undefined ? {} : { release }),
    });
  }

  /**
   * Whether a public release of `familyName` created at `createdAt` is gone today: its family
   * released a newer image at least {@link RELEASE_OVERLAP_DAYS} days ago.
   */
  #retired(familyName: string, createdAt: number): boolean {
    const family = publicFamilyIndexOf(familyName);
    if (family === null || this.addedPerDay === 0) return false;
    // The family's release days are family + 1, then every PUBLIC_FAMILIES.length days.
    for (
      let day = family + 1;
      day + RELEASE_OVERLAP_DAYS <= this.day;
      day += PUBLIC_FAMILIES.length
    ) {
      if (this.#addedAt((day - 1) * this.addedPerDay) > createdAt) return true;
    }
    return false;
  }

  #addedAt(seq: number): number {
    const day = Math.floor(seq / this.addedPerDay) + 1;
    const slot = (seq % this.addedPerDay) + 1;
    return dayStart(day) + Math.floor((slot * DAY) / (this.addedPerDay + 1) / 1000) * 1000;
  }

  #addEvent(key: ImageKey, kind: EventKind, at: number): void {
    const list = this.#events.get(key);
    if (list === undefined) this.#events.set(key, [{ kind, at }]);
    else list.push({ kind, at });
  }
}

/** The public family (an index of PUBLIC_FAMILIES) that releases a new image on `day` ≥ 1. */
function releasedFamilyOn(day: number): number {
  return (day - 1) % PUBLIC_FAMILIES.length;
}

function dayStart(day: number): number {
  return NEWEST_CREATED_AT + (day - 1) * DAY;
}

/** An image after its events: renamed (private images), deactivated (active ones), retagged. */
function applyEvents(
  image: SimulatorImage,
  key: ImageKey,
  events: readonly { kind: EventKind; at: number }[],
): SimulatorImage {
  let { name, status, tags } = image;
  let updatedAt = Date.parse(image.updatedAt);
  for (const [i, event] of events.entries()) {
    const changed = updatedAt < event.at;
    if (event.kind === "rename" && !image.isPublic) {
      name = privateImageName(prng(hash2(key, i + 1)), Math.abs(key), Date.parse(image.createdAt));
    } else if (event.kind === "deactivate" && status === "active") {
      status = "deactivated";
    } else if (event.kind === "retag") {
      // NHN adds and withdraws `_AVAILABLE_` on its public images; teams tag their own.
      const tag = image.isPublic ? "_AVAILABLE_" : "golden";
      tags = tags.includes(tag) ? tags.filter((t) => t !== tag) : [...tags, tag].sort();
    } else {
      continue;
    }
    if (changed) updatedAt = event.at;
  }
  return { ...image, name, status, tags, updatedAt: new Date(updatedAt).toISOString() };
}
