/**
 * What the function takes of the inventory to read it, loaded on the first request that does
 * (`runtime.ts`): a module of its own so that the bundle carries the reader alone, not every
 * export of the package's index.
 */
export { openInventory } from "@nhn-images/inventory";
