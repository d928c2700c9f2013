import type { InventoryReader } from "@nhn-images/inventory";
import { beforeDeadline } from "../inventory-deadline.ts";
import type { Runtime } from "../runtime.ts";
import type { RouteContext } from "./route-context.ts";

/**
 * Runs `read` over the container's inventory, answered before the invocation's deadline. An
 * object that is not what its manifest says may only mean the container's listing is stale (a
 * re-run replaced the snapshot): the listing is dropped and `read` runs once more before the
 * 502.
 */
export async function readInventory<T>(
  context: RouteContext,
  read: (reader: InventoryReader) => Promise<T>,
): Promise<{ runtime: Runtime; value: T }> {
  const runtime = await context.runtime();
  const reader = await runtime.inventory();
  const value = await beforeDeadline(
    reader.readAgainIfStale(() => read(reader)),
    context.deadline,
    context.now,
  );
  return { runtime, value };
}
