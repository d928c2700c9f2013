/**
 * Runs `task` over `items`, at most `limit` at once, and gives the results in the items' order.
 * The first failure rejects the call at once: no further task starts, and the signal the running
 * tasks were given is aborted, so they stop their requests; their outcomes are dropped.
 */
export function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let finished = 0;
    let failed = false;
    const launch = () => {
      while (!failed && running < limit && next < items.length) {
        const index = next++;
        running++;
        task(items[index] as T, controller.signal).then(
          (result) => {
            results[index] = result;
            running--;
            if (++finished === items.length) resolve(results);
            else launch();
          },
          (error: unknown) => {
            if (failed) return;
            failed = true;
            controller.abort(error);
            reject(error);
          },
        );
      }
    };
    if (items.length === 0) resolve(results);
    else launch();
  });
}
