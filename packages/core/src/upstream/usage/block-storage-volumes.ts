import * as z from "zod";
import type { VolumeReference } from "../../usage/usage-evidence.ts";
import { LooseBool } from "../loose.ts";
import { parseAt } from "../parse-at.ts";

/*
 * Storage-Block-Storage `ko/public-api.md` (API v2 가이드), "블록 스토리지 상세 목록 보기":
 * `GET /v2/{tenantId}/volumes/detail` with `limit` (default 100, at most 1000) and `marker`
 * (the page starts after it), answering `{volumes: [...]}` with `attachments[].server_id` and
 * `bootable` (documented as a String: "true"/"false"). A bootable volume made from an image may
 * carry Cinder's `volume_image_metadata.image_id` (NHN's Terraform provider reads it; the guide
 * does not list it): evidence when present, never required.
 */

const Attachment = z.object({ server_id: z.string().nullish() }).loose();

const Volume = z
  .object({
    id: z.string().min(1),
    bootable: LooseBool.nullish(),
    attachments: z.array(Attachment).nullish(),
    volume_image_metadata: z.object({ image_id: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export const VolumesDetailPage = z.object({ volumes: z.array(z.unknown()) }).loose();

/** The volumes of one `volumes/detail` page, each as usage reads it. */
export function readVolumesPage(body: unknown): VolumeReference[] {
  const page = parseAt(VolumesDetailPage, body, "");
  return page.volumes.map((raw, i) => {
    const volume = parseAt(Volume, raw, `volumes[${i}]`);
    const imageId = volume.volume_image_metadata?.image_id ?? "";
    const serverIds = (volume.attachments ?? [])
      .map((attachment) => attachment.server_id ?? "")
      .filter((id) => id !== "");
    return {
      id: volume.id,
      bootable: volume.bootable ?? false,
      imageId: imageId === "" ? null : imageId,
      serverIds,
    };
  });
}
