/**
 * The error family of nhn-images. Every error the core throws is an {@link NhnImagesError};
 * callers map them to HTTP (or to a failed run) in one place by `instanceof`.
 *
 * No message, `cause` or field of these errors ever holds a token or a password: the
 * client builds messages from status codes, result codes and URLs without query strings.
 */
export class NhnImagesError extends Error {
  override readonly name: string = "NhnImagesError";

  /**
   * Rewrites every text this error carries (message, stack, upstream details, its causes) with
   * `scrub`: the client's boundary passes each error it throws through its secret scrubber.
   */
  scrubWith(scrub: (text: string) => string): this {
    scrubErrorText(this, scrub);
    return this;
  }
}

/** Upstream text is cut to these lengths once scrubbed: a message is for people, not for bodies. */
const MAX_MESSAGE = 2_000;
const MAX_UPSTREAM_TEXT = 500;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Scrubs an error's message and stack in place. A cause of ours is scrubbed too; any other cause
 * (undici's, zod's) is dropped: it may quote what upstream sent, and the message already says
 * what went wrong.
 */
export function scrubErrorText(error: Error, scrub: (text: string) => string): void {
  error.message = cut(scrub(error.message), MAX_MESSAGE);
  if (error.stack !== undefined) error.stack = scrub(error.stack);
  if (error.cause instanceof NhnImagesError) error.cause.scrubWith(scrub);
  else if (error.cause !== undefined) error.cause = undefined;
}

/** One problem with one input, e.g. a query parameter or an environment variable. */
export interface InputIssue {
  readonly param: string;
  readonly message: string;
}

/** NHN Cloud answered, and the answer was a failure (v1 `isSuccessful: false`, or an HTTP error). */
export interface UpstreamFailureDetails {
  readonly resultCode: number | null;
  readonly resultMessage: string | null;
  readonly httpStatus: number;
}

export class UpstreamError extends NhnImagesError {
  override readonly name: string = "UpstreamError";
  #details: UpstreamFailureDetails;
  constructor(message: string, details: UpstreamFailureDetails, options?: ErrorOptions) {
    super(message, options);
    this.#details = details;
  }
  get details(): UpstreamFailureDetails {
    return this.#details;
  }
  override scrubWith(scrub: (text: string) => string): this {
    const message = this.#details.resultMessage;
    if (message !== null) {
      this.#details = { ...this.#details, resultMessage: cut(scrub(message), MAX_UPSTREAM_TEXT) };
    }
    return super.scrubWith(scrub);
  }
  get resultCode(): number | null {
    return this.details.resultCode;
  }
  get resultMessage(): string | null {
    return this.details.resultMessage;
  }
  get httpStatus(): number {
    return this.details.httpStatus;
  }
}

/** Credentials were refused (v1 resultCode -3 or 504xx, HTTP 401) even after one fresh token. */
export class UpstreamAuthError extends UpstreamError {
  override readonly name = "UpstreamAuthError";
}

/** NHN Cloud did not answer within `NHN_TIMEOUT_MS` (after every retry). */
export class UpstreamTimeoutError extends NhnImagesError {
  override readonly name = "UpstreamTimeoutError";
  constructor(
    message: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The connection failed or the body was cut off (after every retry). */
export class UpstreamNetworkError extends NhnImagesError {
  override readonly name = "UpstreamNetworkError";
}

/** NHN Cloud answered with a body that is not the documented shape. */
export class UpstreamSchemaError extends NhnImagesError {
  override readonly name = "UpstreamSchemaError";
  #issues: readonly { readonly path: string; readonly message: string }[];
  constructor(
    message: string,
    issues: readonly { readonly path: string; readonly message: string }[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.#issues = issues;
  }
  get issues(): readonly { readonly path: string; readonly message: string }[] {
    return this.#issues;
  }
  override scrubWith(scrub: (text: string) => string): this {
    this.#issues = this.#issues.slice(0, 20).map((i) => ({
      path: cut(scrub(i.path), MAX_UPSTREAM_TEXT),
      message: cut(scrub(i.message), MAX_UPSTREAM_TEXT),
    }));
    return super.scrubWith(scrub);
  }
}

/**
 * Upstream answered more than any real answer needs: a body over the size cap, a page with more
 * images than asked, paging that repeats a marker or runs past `NHN_MAX_PAGES`.
 */
export class UpstreamLimitError extends NhnImagesError {
  override readonly name = "UpstreamLimitError";
}

/** A setting is missing or malformed; `issues[].param` names the environment variable. */
export class ConfigError extends NhnImagesError {
  override readonly name = "ConfigError";
  constructor(readonly issues: readonly InputIssue[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.param}: ${i.message}`).join("; ")}`);
  }
}

/** A query (or cursor) is invalid; `issues[].param` names the query parameter. */
export class QueryError extends NhnImagesError {
  override readonly name = "QueryError";
  constructor(readonly issues: readonly InputIssue[]) {
    super(`Invalid query: ${issues.map((i) => `${i.param}: ${i.message}`).join("; ")}`);
  }
}

/** The image asked for by id does not exist upstream. */
export class ImageNotFoundError extends NhnImagesError {
  override readonly name = "ImageNotFoundError";
  constructor(
    readonly imageId: string,
    message = `Image ${JSON.stringify(imageId)} does not exist`,
  ) {
    super(message);
  }
}

/** No image matches the filters of a question with one answer (`GET /images/latest`). */
export class NoMatchingImageError extends NhnImagesError {
  override readonly name = "NoMatchingImageError";
}

/** The image id asked for exists in several of the configured regions: the caller must pick one. */
export class ImageConflictError extends NhnImagesError {
  override readonly name = "ImageConflictError";
  constructor(
    readonly imageId: string,
    readonly regions: readonly string[],
  ) {
    super(
      `Image ${JSON.stringify(imageId)} exists in ${regions.join(" and ")}: pick one with region`,
    );
  }
}

/** A listing asked in id order came out of order: it cannot be merged or streamed as sorted. */
export class UpstreamOrderError extends NhnImagesError {
  override readonly name = "UpstreamOrderError";
}
