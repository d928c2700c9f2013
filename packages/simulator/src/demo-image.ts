import { DEMO_PROJECT } from "./projects.ts";
import type { SimulatorImage } from "./simulated-image.ts";

/**
 * An image of the demo project as a test or a benchmark writes one by hand: private, active,
 * qcow2, 1 GiB, in KR1, no properties or tags, updated when created — with the fields given.
 */
export function demoProjectImage(
  fields: Pick<SimulatorImage, "id" | "name" | "createdAt"> & Partial<SimulatorImage>,
): SimulatorImage {
  return {
    status: "active",
    diskFormat: "qcow2",
    isPublic: false,
    protected: false,
    minDisk: 0,
    minRam: 0,
    size: 1024 ** 3,
    properties: {},
    updatedAt: fields.createdAt,
    visibility: "private",
    owner: DEMO_PROJECT.id,
    tags: [],
    region: "KR1",
    ...fields,
  };
}
