import * as z from "zod";
import type { ServerReference } from "../../usage/usage-evidence.ts";
import { parseAt } from "../parse-at.ts";

/*
 * Compute-Instance `ko/public-api.md` (API v2 가이드), "인스턴스 목록 상세 보기":
 * `GET /v2/{tenantId}/servers/detail` with `limit` and `marker`, answering `{servers: [...]}`;
 * `servers[].image.id` is the image a server was made from. Upstream OpenStack answers
 * `"image": ""` for a server booted from a volume (NHN's Terraform provider creates those), so a
 * server may name no image. Only `id` and `image` are read: `metadata.image_name` is copied by
 * whoever created the server and is not evidence of an image id.
 */

const ServerImage = z.union([
  z.object({ id: z.string().nullish() }).loose(),
  z.literal(""),
  z.null(),
]);

const Server = z.object({ id: z.string().min(1), image: ServerImage.optional() }).loose();

export const ServersDetailPage = z.object({ servers: z.array(z.unknown()) }).loose();

/** The servers of one `servers/detail` page, each as usage reads it. */
export function readServersPage(body: unknown): ServerReference[] {
  const page = parseAt(ServersDetailPage, body, "");
  return page.servers.map((raw, i) => {
    const server = parseAt(Server, raw, `servers[${i}]`);
    const image = server.image;
    const imageId = typeof image === "object" && image !== null ? (image.id ?? "") : "";
    return { id: server.id, imageId: imageId === "" ? null : imageId };
  });
}
