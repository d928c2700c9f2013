import type { InventoryReader } from "@nhn-images/core";
import { beforeDeadline } from "../inventory-deadline.ts";
import type { Runtime } from "../runtime.ts";
import type { RouteContext } from "./route-context.ts";

/** Runs `read` over the container's inventory, answered before the invocation's deadline. */
export async function readInventory<T>(
  context: RouteContext,
  read: (reader: InventoryReader) => Promise<T>,
): Promise<{ runtime: Runtime; value: T }> {
  const runtime = await context.runtime();
  const reader = await runtime.inventory();
  const value = await beforeDeadline(read(reader), context.deadline, context.now);
  return { runtime, value };
}
