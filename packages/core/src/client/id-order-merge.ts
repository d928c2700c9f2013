import { UpstreamOrderError } from "../errors.ts";
import { compareIdThenRegion } from "../query/order.ts";
import type { Image } from "../schemas/image.ts";

/**
 * Merges listings that each come in ascending id order into one stream in ascending (id, region)
 * order, each (region, id) once (the same image seen through two projects is one image). Each
 * listing's order is checked as it streams: a listing out of order throws
 * {@link UpstreamOrderError}, since nothing after it could be trusted to be sorted.
 */
export async function* mergeInIdOrder(
  listings: readonly AsyncIterable<Image[]>[],
  batchSize = 1000,
): AsyncGenerator<Image[]> {
  const cursors = listings.map((listing) => new ListingCursor(listing[Symbol.asyncIterator]()));
  try {
    await Promise.all(cursors.map((cursor) => cursor.fill()));
    let batch: Image[] = [];
    let last: Image | null = null;
    for (;;) {
      let smallest: ListingCursor | null = null;
      for (const cursor of cursors) {
        const head = cursor.head;
        if (
          head !== null &&
          (smallest === null || compareIdThenRegion(head, smallest.head as Image) < 0)
        )
          smallest = cursor;
      }
      if (smallest === null) break;
      const image = smallest.head as Image;
      if (last === null || compareIdThenRegion(last, image) !== 0) batch.push(image);
      last = image;
      await smallest.advance();
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
  }
}

/** One listing's images, one at a time, with the order checked. */
class ListingCursor {
  #page: Image[] = [];
  #index = 0;
  #done = false;
  #lastId: string | null = null;

  constructor(private readonly pages: AsyncIterator<Image[]>) {}

  get head(): Image | null {
    return this.#page[this.#index] ?? null;
  }

  async fill(): Promise<void> {
    while (!this.#done && this.#index >= this.#page.length) {
      const { value, done } = await this.pages.next();
      if (done === true) {
        this.#done = true;
        this.#page = [];
        this.#index = 0;
        return;
      }
      this.#page = value;
      this.#index = 0;
    }
    this.#check();
  }

  async advance(): Promise<void> {
    this.#index++;
    if (this.#index < this.#page.length) this.#check();
    else await this.fill();
  }

  async close(): Promise<void> {
    await this.pages.return?.(undefined);
  }

  #check(): void {
    const head = this.head;
    if (head === null) return;
    if (
      this.#lastId !== null &&
      compareIdThenRegion({ id: this.#lastId, region: head.region }, head) > 0
    ) {
      throw new UpstreamOrderError(`${head.id} came after ${this.#lastId} in ${head.region}`);
    }
    this.#lastId = head.id;
  }
}
