import { InventoryTimeoutError } from "./inventory-errors.ts";

/**
 * `work`, or an {@link InventoryTimeoutError} at `deadline` (epoch ms), whichever comes first.
 * The read goes on in the background and fills the container's cache for the next request.
 */
export async function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  now: () => number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InventoryTimeoutError("The inventory was not read in time")),
      Math.max(0, deadline - now()),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
