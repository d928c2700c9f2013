import { OPENSTACK_AVAILABLE } from "@nhn-images/test-support";
import type { InventoryStore } from "./harness.ts";

/**
 * The stores the export's invariant is proven on: s3rver behind a proxy that behaves as S3 does,
 * and the real Swift with its S3 layer (NHN Object Storage's software). Swift is left out only
 * where it is not installed and the run is not CI's (the global setup fails a CI run without it).
 */
export const INVENTORY_STORES: readonly InventoryStore[] = OPENSTACK_AVAILABLE
  ? ["s3rver", "swift"]
  : ["s3rver"];
