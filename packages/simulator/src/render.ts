import { isHidden, type SimulatorImage } from "./simulated-image.ts";

/**
 * An image as the v1 appkey API writes it: camelCase, the product guide's fields, timestamps
 * with microseconds and no zone (`2017-05-16T02:17:50.166563`, the guide's example form).
 */
export function toV1Image(image: SimulatorImage): Record<string, unknown> {
  return {
    createdAt: v1Timestamp(image.createdAt),
    diskFormat: image.diskFormat,
    id: image.id,
    isPublic: image.isPublic,
    minDisk: image.minDisk,
    minRam: image.minRam,
    name: image.name,
    properties: image.properties,
    protected: image.protected,
    size: image.size,
    status: image.status,
    updatedAt: v1Timestamp(image.updatedAt),
  };
}

/**
 * An image as Glance v2 writes it, with the fields of NHN's image list example (Compute-Image
 * `ko/public-api.md`) and custom properties at the top level, as in that example.
 */
export function toV2Image(image: SimulatorImage): Record<string, unknown> {
  const hasData = image.size !== null;
  return {
    ...image.properties,
    container_format: image.diskFormat === null ? null : "bare",
    min_ram: image.minRam,
    updated_at: v2Timestamp(image.updatedAt),
    file: `/v2/images/${image.id}/file`,
    owner: image.owner,
    id: image.id,
    size: image.size,
    self: `/v2/images/${image.id}`,
    disk_format: image.diskFormat,
    schema: "/v2/schemas/image",
    status: image.status,
    tags: image.tags,
    visibility: image.visibility,
    min_disk: image.minDisk,
    virtual_size: null,
    name: image.name,
    created_at: v2Timestamp(image.createdAt),
    protected: image.protected,
    os_hidden: isHidden(image),
    // 32 hex digits, like the md5 NHN's example shows; derived from the id to stay cheap.
    checksum: hasData ? image.id.replaceAll("-", "").slice(0, 32) : null,
  };
}

function v1Timestamp(iso: string): string {
  // 2026-03-10T02:17:50.166Z → 2026-03-10T02:17:50.166000; whole seconds lose the fraction.
  const [seconds = iso, fraction = "000Z"] = iso.split(".");
  const ms = fraction.replace("Z", "");
  return ms === "000" ? seconds : `${seconds}.${ms}000`;
}

/** Glance's form, `2018-12-11T01:01:35Z`: whole seconds lose the fraction. */
function v2Timestamp(iso: string): string {
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}
