/**
 * A least-recently-used cache bounded by the total weight of its entries (rows, not entries:
 * one snapshot of a million images weighs more than a week of changes). The entry just put is
 * kept even when it alone is over the bound; older ones go first. Concurrent loads of one key
 * share one promise; a failed load is not kept.
 */
export class WeightedCache<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>();
  readonly #loading = new Map<string, Promise<V>>();
  #weight = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value of `key`, loaded with `load` when it is not cached. */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.value;
    }
    let loading = this.#loading.get(key);
    if (loading === undefined) {
      loading = load()
        .then((value) => {
          this.#put(key, value);
          return value;
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  #put(key: string, value: V): void {
    const weight = this.weigh(value);
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldKey, old] of this.#entries) {
      if (this.#weight <= this.maxWeight || oldKey === key) break;
      this.#entries.delete(oldKey);
      this.#weight -= old.weight;
    }
  }
}
