import type { Image } from "@nhn-images/core";

export interface CachedList {
  readonly images: readonly Image[];
  /** Epoch ms when the list was fetched from upstream. */
  readonly fetchedAt: number;
  /** Whether this call was served from the warm container without going upstream. */
  readonly cached: boolean;
  /** How long the upstream listing took, for this call's log line (0 when cached). */
  readonly upstreamMs: number;
}

/**
 * The upstream image list, kept in the warm container for `ttlMs`. Concurrent callers on a
 * cold or expired cache share one upstream listing (single flight); a failed listing is not
 * cached, so the next call tries again.
 */
export class ImageListCache {
  #entry: { images: readonly Image[]; fetchedAt: number } | null = null;
  #inFlight: Promise<{ images: readonly Image[]; fetchedAt: number; upstreamMs: number }> | null =
    null;

  constructor(
    private readonly load: (deadline: number | undefined) => Promise<readonly Image[]>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The list; a listing it starts must be over by `deadline` (epoch ms). */
  async get(deadline?: number): Promise<CachedList> {
    const entry = this.#entry;
    if (entry !== null && this.now() - entry.fetchedAt < this.ttlMs) {
      return { ...entry, cached: true, upstreamMs: 0 };
    }
    if (this.#inFlight === null) {
      const started = this.now();
      this.#inFlight = this.load(deadline)
        .then((images) => {
          const fetched = { images, fetchedAt: this.now(), upstreamMs: this.now() - started };
          if (this.ttlMs > 0) this.#entry = fetched;
          return fetched;
        })
        .finally(() => {
          this.#inFlight = null;
        });
    }
    const fetched = await this.#inFlight;
    return { ...fetched, cached: false };
  }
}
