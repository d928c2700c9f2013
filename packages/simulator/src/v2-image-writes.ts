import type { IncomingMessage } from "node:http";
import type { Region } from "@nhn-images/core";
import { type Answer, badRequest, notFound, openStackError } from "./http.ts";
import type { ImageEdits } from "./image-edits.ts";
import type { RegionImages } from "./image-source.ts";
import type { SimulatorImage } from "./simulated-image.ts";
import type { TokenStore } from "./tokens.ts";
import { projectOf } from "./v2-api.ts";
import { glanceShows } from "./visibility.ts";

/*
 * The writes of NHN's Compute-Image API guide (`ko/public-api.md`, "이미지 삭제", "태그 추가하기",
 * "태그 제거하기"), answered as Glance answers them (the simulator-vs-Glance suite holds it to
 * that): 204 with no body when done; 404 for an image the project cannot see (and, for a tag
 * removal, a tag the image does not have); 403 for an image it can see but does not own, and for
 * deleting a protected one. NHN's guide adds two rules Glance leaves to policy: a `public` image
 * cannot be deleted, and a tag may not start with `_` (nor be longer than 255 characters).
 */

/** The longest tag NHN (and Glance's schema) takes. */
export const MAX_TAG_LENGTH = 255;

interface WriteRequest {
  readonly req: IncomingMessage;
  readonly tokens: TokenStore;
  readonly source: RegionImages;
  readonly edits: ImageEdits;
  readonly region: Region;
  readonly imageId: string;
}

/** The image the request names, if the project may change it; else Glance's refusal. */
function ownedImage(request: WriteRequest): { image: SimulatorImage } | Answer {
  const project = projectOf(request.req, request.tokens);
  if (typeof project !== "string") return project;
  const position = request.source.positionOf(request.imageId);
  const image = position === null ? null : request.source.at(position);
  if (image === null || !glanceShows(image, project)) {
    return notFound(`No image found with ID ${request.imageId}`);
  }
  if (image.owner !== project) {
    return openStackError(403, "Forbidden", "You are not permitted to modify this image.");
  }
  return { image };
}

/** `PUT /v2/images/{id}/tags/{tag}`: adds the tag (nothing changes when it is there). */
export function addV2ImageTag(request: WriteRequest, tag: string): Answer {
  const owned = ownedImage(request);
  if (!("image" in owned)) return owned;
  if (tag.length > MAX_TAG_LENGTH) {
    return badRequest(`Tag is longer than ${MAX_TAG_LENGTH} characters`);
  }
  if (tag.startsWith("_")) return badRequest("A tag may not start with '_'");
  const { tags } = owned.image;
  if (!tags.includes(tag)) request.edits.setTags(request.region, request.imageId, [...tags, tag]);
  return { status: 204, body: null };
}

/** `DELETE /v2/images/{id}/tags/{tag}`: removes the tag; 404 when the image does not have it. */
export function removeV2ImageTag(request: WriteRequest, tag: string): Answer {
  const owned = ownedImage(request);
  if (!("image" in owned)) return owned;
  const { tags } = owned.image;
  if (!tags.includes(tag)) return notFound(`Tag ${tag} not found`);
  request.edits.setTags(
    request.region,
    request.imageId,
    tags.filter((kept) => kept !== tag),
  );
  return { status: 204, body: null };
}

/** `DELETE /v2/images/{id}`: deletes an image the project owns, unless protected or public. */
export function deleteV2Image(request: WriteRequest): Answer {
  const owned = ownedImage(request);
  if (!("image" in owned)) return owned;
  if (owned.image.protected) {
    return openStackError(
      403,
      "Forbidden",
      `Image ${request.imageId} is protected and cannot be deleted.`,
    );
  }
  if (owned.image.visibility === "public") {
    return openStackError(403, "Forbidden", "A public image cannot be deleted.");
  }
  request.edits.delete(request.region, request.imageId);
  return { status: 204, body: null };
}
