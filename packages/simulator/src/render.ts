import type { Image } from "@nhn-images/core";
import { SIMULATED_TENANT } from "./fixtures.ts";

/**
 * An image as the v1 appkey API writes it: camelCase, the product guide's fields, timestamps
 * with microseconds and no zone (`2017-05-16T02:17:50.166563`).
 */
export function toV1Image(image: Image): Record<string, unknown> {
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
 * An image as Glance v2 writes it: snake_case standard fields, custom properties at the top
 * level. Private images are spread over Glance's private, shared and community visibilities.
 */
export function toV2Image(image: Image): Record<string, unknown> {
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: v2Visibility(image),
    protected: image.protected,
    checksum: image.size === null ? null : image.id.replaceAll("-", "").slice(0, 32),
    owner: image.isPublic ? "nhn-public" : SIMULATED_TENANT,
    size: image.size,
    virtual_size: null,
    min_ram: image.minRam,
    min_disk: image.minDisk,
    disk_format: image.diskFormat,
    container_format: image.diskFormat === null ? null : "bare",
    created_at: v2Timestamp(image.createdAt),
    updated_at: v2Timestamp(image.updatedAt),
    tags: [],
    os_hidden: false,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: "/v2/schemas/image",
  };
}

export function v2Visibility(image: Image): "public" | "private" | "shared" | "community" {
  if (image.isPublic) return "public";
  const last = image.id.charCodeAt(image.id.length - 1) % 8;
  return last === 0 ? "shared" : last === 1 ? "community" : "private";
}

function v1Timestamp(iso: string): string {
  // 2026-03-10T02:17:50.166Z → 2026-03-10T02:17:50.166000; whole seconds lose the fraction.
  const [seconds = iso, fraction = "000Z"] = iso.split(".");
  const ms = fraction.replace("Z", "");
  return ms === "000" ? seconds : `${seconds}.${ms}000`;
}

function v2Timestamp(iso: string): string {
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}
