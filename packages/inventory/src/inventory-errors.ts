import { NhnImagesError } from "@nhn-images/core";

/** No snapshot answers the request: none dated on or before `asOf`, or none at all. */
export class SnapshotNotFoundError extends NhnImagesError {
  override readonly name = "SnapshotNotFoundError";
}

/**
 * A snapshot's manifest names an object that is missing, partial or not what the manifest
 * says (bytes, sha256, rows), or the manifest itself cannot be read: the answer would be wrong,
 * so there is none. The message names the snapshot and the object.
 */
export class SnapshotUnreadableError extends NhnImagesError {
  override readonly name = "SnapshotUnreadableError";
  constructor(
    readonly snapshotDate: string,
    readonly key: string,
    /** What is wrong with it, after its key: "is missing", "has 12 bytes; its manifest says 9". */
    readonly reason: string,
  ) {
    super(`The snapshot of ${snapshotDate} cannot be read: ${key} ${reason}`);
  }
}

/**
 * The inventory's store could not be read (network, permissions, throttling). The message says
 * which request failed and the store's error code, never a credential.
 */
export class InventoryReadError extends NhnImagesError {
  override readonly name = "InventoryReadError";
}
