/** One holder at a time per key, in arrival order. */
export class KeyLocks {
  readonly #tails = new Map<string, Promise<void>>();

  async acquire(key: string | null): Promise<() => void> {
    if (key === null) return () => {};
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    this.#tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}
