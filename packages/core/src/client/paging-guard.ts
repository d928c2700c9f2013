import { UpstreamLimitError } from "../errors.ts";

/**
 * Counts one listing's pages and remembers the markers it was given: a marker named twice means
 * upstream's paging loops (a `next` back to an earlier page, an API that ignores `marker`).
 */
export class PagingGuard {
  readonly #markers = new Set<string>();
  #pages = 0;

  constructor(
    readonly maxPages: number,
    readonly operation: string,
  ) {}

  /** Checks a page holds no more `noun` than the `limit` asked. @throws {UpstreamLimitError} */
  checkSize(count: number, pageSize: number, noun: string): void {
    if (count > pageSize) {
      throw new UpstreamLimitError(
        `${this.operation}: upstream answered ${count} ${noun} for a page of at most ${pageSize}`,
      );
    }
  }

  /** Records a page that names `nextMarker` as the next. @throws {UpstreamLimitError} */
  next(nextMarker: string | null): void {
    this.#pages++;
    if (nextMarker === null) return;
    if (this.#markers.has(nextMarker)) {
      throw new UpstreamLimitError(
        `${this.operation}: upstream named the same page marker twice after ${this.#pages} pages: its paging loops`,
      );
    }
    if (this.#pages >= this.maxPages) {
      throw new UpstreamLimitError(
        `${this.operation}: more than NHN_MAX_PAGES (${this.maxPages}) pages; raise it if the listing is really that long`,
      );
    }
    this.#markers.add(nextMarker);
  }
}
