import type { Image, Region } from "@nhn-images/core";

/** An image's current run of `unused` verdicts in consecutive daily snapshots. */
export interface UnusedRun {
  /** How many of the history's days, from the newest back, said `unused`. */
  readonly days: number;
  /** The oldest day of the run: the first day of its current run of `unused` verdicts. */
  readonly since: string;
}

/**
 * The usage verdicts of consecutive days' snapshots, told to it newest first: for each image, how
 * many days back its verdict has been `unused` without a break. A day with no snapshot ends every
 * run there (history incomplete means no run reaches past it); an image missing from a day's
 * snapshot, or one without usage (`NHN_USAGE` off), or any verdict other than `unused`, ends its
 * own run. Holds one small entry per image with a run, never the images.
 */
export class UsageHistory {
  readonly #runs = new Map<string, { days: number; since: string }>();
  readonly #days: string[] = [];
  /** The first day told without a snapshot, and why. */
  #gap: { readonly date: string; readonly reason: string } | null = null;

  /** The days told so far, newest first. */
  get days(): readonly string[] {
    return this.#days;
  }

  /** The first day (newest first) whose snapshot is missing or unreadable, with the reason. */
  get gap(): { readonly date: string; readonly reason: string } | null {
    return this.#gap;
  }

  /**
   * Starts the next older day: hand each of its images to the visitor returned (an image handed
   * twice counts once).
   */
  startDay(date: string): (image: Image) => void {
    const index = this.#days.length;
    this.#days.push(date);
    if (this.#gap !== null) return () => {};
    return (image) => {
      if (image.usage?.verdict !== "unused") return;
      const key = keyOf(image.id, image.region);
      const run = this.#runs.get(key);
      if (index === 0 && run === undefined) this.#runs.set(key, { days: 1, since: date });
      else if (run !== undefined && run.days === index) {
        run.days++;
        run.since = date;
      }
    };
  }

  /** {@link startDay} with every image of the day at once. */
  addDay(date: string, images: Iterable<Image>): void {
    const visit = this.startDay(date);
    for (const image of images) visit(image);
  }

  /** The next older day has no snapshot to tell (`reason` says why): no run reaches past it. */
  addGap(date: string, reason: string): void {
    this.#days.push(date);
    this.#gap ??= { date, reason };
  }

  /** The image's run of `unused` verdicts from the newest day back, or null when it has none. */
  unusedRun(id: string, region: Region): UnusedRun | null {
    const run = this.#runs.get(keyOf(id, region));
    if (run === undefined) return null;
    return { days: run.days, since: run.since };
  }
}

function keyOf(id: string, region: Region): string {
  return `${region}\u0000${id}`;
}
