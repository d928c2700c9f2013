/**
 * At most `max` tasks at once; the rest wait their turn in arrival order. The client runs every
 * image request through one, so upstream never sees more than `max` of them in flight from it,
 * whichever way the listings are consumed (one after another, pooled, or merged).
 */
export class ConcurrencyLimit {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.max) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running--;
      else next();
    }
  }
}
