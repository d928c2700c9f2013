import { NhnImagesError } from "@nhn-images/core";

/** The deployment has no inventory bucket: history cannot be answered (a 501 problem). */
export class InventoryNotConfiguredError extends NhnImagesError {
  override readonly name = "InventoryNotConfiguredError";
}

/** The inventory was not read before the invocation's deadline (a 504 problem). */
export class InventoryTimeoutError extends NhnImagesError {
  override readonly name = "InventoryTimeoutError";
}
