import type { Image, Region } from "@nhn-images/core";

/** What the history reads of an image: which it is, and its usage verdict that day. */
export type UsageOfImage = Pick<Image, "id" | "region"> & { readonly usage?: Image["usage"] };

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
  /** Runs that reached the newest day told: none left means no older day can change anything. */
  #unbroken = 0;

  /** @param only the images (by {@link unusedKey}) to follow; every image when absent. */
  constructor(private readonly only: ReadonlySet<string> | null = null) {}
  /** Whether a day without a snapshot was told: no run reaches past it. */
  #gapped = false;

  /**
   * Starts the next older day: hand each of its images to the visitor returned (an image handed
   * twice counts once).
   */
  startDay(date: string): (image: UsageOfImage) => void {
    const index = this.#days.length;
    this.#days.push(date);
    this.#unbroken = 0;
    if (this.#gapped) return () => {};
    return (image) => {
      if (image.usage?.verdict !== "unused") return;
      const key = unusedKey(image);
      if (this.only !== null && !this.only.has(key)) return;
      const run = this.#runs.get(key);
      if (index === 0 && run === undefined) {
        this.#runs.set(key, { days: 1, since: date });
        this.#unbroken++;
      } else if (run !== undefined && run.days === index) {
        run.days++;
        run.since = date;
        this.#unbroken++;
      }
    };
  }

  /**
   * Whether an older day could still lengthen a run: some run reached the newest day told (runs
   * only start on the first day). Before any day is told, true.
   */
  get open(): boolean {
    return this.#days.length === 0 || this.#unbroken > 0;
  }

  /** {@link startDay} with every image of the day at once. */
  addDay(date: string, images: Iterable<UsageOfImage>): void {
    const visit = this.startDay(date);
    for (const image of images) visit(image);
  }

  /** The next older day has no snapshot to tell: no run reaches past it. */
  addGap(date: string): void {
    this.#days.push(date);
    this.#unbroken = 0;
    this.#gapped = true;
  }

  /** The image's run of `unused` verdicts from the newest day back, or null when it has none. */
  unusedRun(id: string, region: Region): UnusedRun | null {
    const run = this.#runs.get(unusedKey({ id, region }));
    if (run === undefined) return null;
    return { days: run.days, since: run.since };
  }
}

/** How the history (and its callers) key an image: region and id. */
export function unusedKey(image: { readonly id: string; readonly region: Region }): string {
  return `${image.region}\u0000${image.id}`;
}
