import { NhnImagesError, UpstreamError } from "../errors.ts";
import type { SecretScrubber } from "../secret-scrubber.ts";
import type { ImageApi, ListingTarget } from "../upstream/image-api.ts";
import { describeTarget } from "./listing-helpers.ts";
import type { JsonResponse } from "./transport.ts";

/** The image a write is for: its id, its region and the project whose token may change it. */
export interface ImageRef extends ListingTarget {
  readonly id: string;
}

/** What a write upstream came to. */
export interface WriteOutcome {
  /** The answer's HTTP status (204 when done, 404 when there was nothing left to do). */
  readonly httpStatus: number;
  /**
   * True when upstream said there was nothing to do: the image (or the tag) was already gone on
   * the first attempt. A 404 to a retried `DELETE` is the first attempt's own work: done.
   */
  readonly alreadyGone: boolean;
}

/**
 * Upstream refused a write (Glance's 403 for a protected or another project's image, 404 for one
 * the project cannot see, 400/409 for a tag it does not take): not retried, not a crash.
 */
export class ImageWriteRefusedError extends UpstreamError {
  override readonly name = "ImageWriteRefusedError";
}

/** The upstream writes of NHN's Compute-Image API guide (v2): tags and image deletion. */
export interface ImageWrites {
  /** `PUT /v2/images/{id}/tags/{tag}`: Glance answers 204 whether or not the tag was there. */
  addImageTag(image: ImageRef, tag: string, options?: WriteOptions): Promise<WriteOutcome>;
  /** `DELETE /v2/images/{id}/tags/{tag}`: a 404 (no such tag, or image) is nothing to do. */
  removeImageTag(image: ImageRef, tag: string, options?: WriteOptions): Promise<WriteOutcome>;
  /** `DELETE /v2/images/{id}`: a 404 is already gone, or (after a retry) done by us. */
  deleteImage(image: ImageRef, options?: WriteOptions): Promise<WriteOutcome>;
}

export interface WriteOptions {
  /** Milliseconds since the epoch by which the write must be over. */
  readonly deadline?: number | undefined;
}

/** Sends one authorised request to the image endpoint of `target`. */
export type AuthorisedWrite = (
  method: "PUT" | "DELETE",
  target: ListingTarget,
  url: (endpoint: string) => string,
  operation: string,
  deadline: number | undefined,
) => Promise<JsonResponse>;

/**
 * The writes over `api`, through the client's transport (its token, bounded bodies, no
 * redirects). Each is idempotent in Glance, so the transport's retries (5xx, 429, network) are
 * safe: a second `PUT` of a tag changes nothing, and a `DELETE` whose first attempt did its work
 * is answered 404, which is read as done.
 */
export function imageWrites(
  api: ImageApi,
  scrubber: SecretScrubber,
  send: AuthorisedWrite,
): ImageWrites {
  function tagUrlOf(): NonNullable<ImageApi["tagUrl"]> {
    if (api.tagUrl === null || api.imageUrl === null) {
      throw new NhnImagesError(
        `The ${api.apiVersion} API cannot change images: image writes need NHN_API_VERSION=v2`,
      );
    }
    return api.tagUrl;
  }

  async function write(
    method: "PUT" | "DELETE",
    image: ImageRef,
    url: (endpoint: string) => string,
    action: string,
    options: WriteOptions,
    missingIsDone: boolean,
  ): Promise<WriteOutcome> {
    const operation = `${api.apiVersion} ${action} of image ${image.id} (${describeTarget(image)})`;
    try {
      const response = await send(method, image, url, operation, options.deadline);
      if (response.status < 300) return { httpStatus: response.status, alreadyGone: false };
      if (response.status === 404 && missingIsDone) {
        return { httpStatus: 404, alreadyGone: response.retried !== true };
      }
      throw new ImageWriteRefusedError(
        `${operation} was refused with HTTP ${response.status}${explanation(response.status)}`,
        { resultCode: null, resultMessage: null, httpStatus: response.status },
      );
    } catch (error) {
      throw scrubber.scrubError(error);
    }
  }

  return {
    async addImageTag(image, tag, options = {}) {
      const tagUrl = tagUrlOf();
      return write(
        "PUT",
        image,
        (endpoint) => tagUrl(endpoint, image.id, tag),
        "tag add",
        options,
        false,
      );
    },
    async removeImageTag(image, tag, options = {}) {
      const tagUrl = tagUrlOf();
      return write(
        "DELETE",
        image,
        (endpoint) => tagUrl(endpoint, image.id, tag),
        "tag removal",
        options,
        true,
      );
    },
    async deleteImage(image, options = {}) {
      tagUrlOf();
      const imageUrl = api.imageUrl as NonNullable<ImageApi["imageUrl"]>;
      return write(
        "DELETE",
        image,
        (endpoint) => imageUrl(endpoint, image.id),
        "deletion",
        options,
        true,
      );
    },
  };
}

/** Why Glance answers a write so (its own messages are not repeated: they are upstream text). */
function explanation(status: number): string {
  switch (status) {
    case 403:
      return " (forbidden: a protected image, a public one, or another project's)";
    case 404:
      return " (the project cannot see the image)";
    case 409:
      return " (the image is in a state that does not allow it)";
    case 400:
      return " (upstream did not take the request)";
    default:
      return "";
  }
}
