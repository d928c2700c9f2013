import type { Config } from "../config/config.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";
import { SecretScrubber } from "../secret-scrubber.ts";
import type { ListingTarget } from "../upstream/image-api.ts";

/** A scrubber that knows the configured secrets; the client tells it each token it is issued. */
export function secretScrubberFor(config: Config): SecretScrubber {
  const scrubber = new SecretScrubber();
  const { credentials } = config;
  if (credentials.kind === "token") scrubber.add(credentials.token.reveal());
  else if ("reveal" in credentials.password) scrubber.add(credentials.password.reveal());
  return scrubber;
}

/** Pages as `pages` yields them; an error they throw is scrubbed of every live secret first. */
export async function* scrubbedPages(
  scrubber: SecretScrubber,
  pages: AsyncIterable<Image[]>,
): AsyncGenerator<Image[]> {
  try {
    yield* pages;
  } catch (error) {
    throw scrubber.scrubError(error);
  }
}

/** "KR1" or "KR1, project 1f0d…": how errors and logs name a listing. */
export function describeTarget(target: ListingTarget): string {
  return target.project === null ? target.region : `${target.region}, project ${target.project}`;
}

/** The regions of `targets`, each once, in order. */
export function regionsOf(targets: readonly ListingTarget[]): Region[] {
  return [...new Set(targets.map((target) => target.region))];
}

/** Appends without spreading: `push(...page)` overflows the stack on a page of 130,000. */
export function appendAll(into: Image[], page: readonly Image[]): void {
  for (const image of page) into.push(image);
}

/**
 * The listings joined, each (region, id) once: the same image listed through two projects of one
 * region is one image (the first project's copy). With one project per region nothing can repeat.
 */
export function onePerRegionAndId(
  targets: readonly ListingTarget[],
  listings: readonly Image[][],
): Image[] {
  const all: Image[] = [];
  const regions = new Set(targets.map((t) => t.region));
  if (regions.size === targets.length) {
    for (const listing of listings) appendAll(all, listing);
    return all;
  }
  const seen = new Map<Region, Set<string>>();
  for (const listing of listings) {
    for (const image of listing) {
      let ids = seen.get(image.region);
      if (ids === undefined) {
        ids = new Set();
        seen.set(image.region, ids);
      }
      if (ids.has(image.id)) continue;
      ids.add(image.id);
      all.push(image);
    }
  }
  return all;
}
