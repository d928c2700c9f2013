import { NhnImagesError } from "@nhn-images/core";
import type { PutEventsEntry } from "./put-events-entries.ts";

/**
 * What PutEvents answers (API reference, "Response Syntax"), as far as the publisher reads it:
 * each entry's own result, not `FailedEntryCount` — an entry without an `EventId` is not put,
 * whatever the count says.
 */
export interface PutEventsAnswer {
  readonly Entries?:
    | readonly {
        readonly EventId?: string | undefined;
        readonly ErrorCode?: string | undefined;
        readonly ErrorMessage?: string | undefined;
      }[]
    | undefined;
}

/** One PutEvents call: the SDK's client in the function, the same against a local endpoint. */
export type PutEvents = (entries: readonly PutEventsEntry[]) => Promise<PutEventsAnswer>;

/**
 * Entry errors EventBridge documents as not retryable (API reference, PutEventsResultEntry);
 * `InternalFailure`, `ThrottlingException` and any code it adds later are retried.
 */
export const PERMANENT_ENTRY_ERRORS: ReadonlySet<string> = new Set([
  "AccessDeniedException",
  "InvalidAccountIdException",
  "InvalidArgument",
  "MalformedDetail",
  "RedactionFailure",
  "NotAuthorizedForSourceException",
  "NotAuthorizedForDetailTypeException",
]);

/** Attempts per request, and the back-off before each retry: 0.25 s, 0.5 s, 1 s, 2 s. */
export const MAX_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 250;

/** Some events could not be put: the snapshot stands, the invocation fails, a retry re-publishes. */
export class EventPublishError extends NhnImagesError {
  override readonly name = "EventPublishError";
  constructor(
    message: string,
    /** Events put before the failure. */
    readonly published: number,
    /** Events not put: the failed request's and every later one. */
    readonly unpublished: number,
  ) {
    super(message);
  }
}

export interface PublishOptions {
  readonly sleep: (ms: number) => Promise<void>;
  readonly busName: string;
}

/**
 * Puts the requests' entries in order, one request at a time, so that events reach the bus in
 * snapshot order and the summary last. Entries EventBridge reports as failed (or does not
 * account for) are put again, only those, after a back-off; so is a whole request that failed on
 * the way (a network error, a 5xx, throttling). A permanent error, or a request still failing
 * after {@link MAX_ATTEMPTS}, stops publishing: nothing after it is put.
 *
 * @returns how many events were put.
 * @throws {EventPublishError} naming the bus, what was put and the last error (cut, one line).
 */
export async function publishEvents(
  putEvents: PutEvents,
  requests: readonly (readonly PutEventsEntry[])[],
  options: PublishOptions,
): Promise<number> {
  const total = requests.reduce((sum, request) => sum + request.length, 0);
  let published = 0;
  for (const request of requests) {
    const failure = await putWithRetries(putEvents, request, options.sleep);
    if (failure !== null) {
      const unpublished = total - published - failure.put;
      throw new EventPublishError(
        `${unpublished} of ${total} events were not put on the bus ${options.busName} (${failure.reason}); the snapshot is written, a re-run of its date publishes them again`,
        published + failure.put,
        unpublished,
      );
    }
    published += request.length;
  }
  return published;
}

/** Puts one request's entries, retrying what failed; null when all were put. */
async function putWithRetries(
  putEvents: PutEvents,
  request: readonly PutEventsEntry[],
  sleep: (ms: number) => Promise<void>,
): Promise<{ put: number; reason: string } | null> {
  let pending = request;
  let reason = "";
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 2));
    let answer: PutEventsAnswer;
    try {
      answer = await putEvents(pending);
    } catch (error) {
      reason = describeError(error);
      if (!isRetryable(error)) break;
      continue;
    }
    const failed: PutEventsEntry[] = [];
    let permanent = false;
    pending.forEach((entry, index) => {
      const result = answer.Entries?.[index];
      if (typeof result?.EventId === "string" && result.ErrorCode === undefined) return;
      failed.push(entry);
      const code = result?.ErrorCode ?? "NoResult";
      reason = `${code}: ${oneLine(result?.ErrorMessage ?? "EventBridge did not answer for the entry")}`;
      if (PERMANENT_ENTRY_ERRORS.has(code)) permanent = true;
    });
    if (failed.length === 0) return null;
    pending = failed;
    if (permanent) break;
  }
  return { put: request.length - pending.length, reason };
}

/** A request error worth retrying: no answer at all, throttling, or a server error. */
function isRetryable(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status === null) return true;
  return status >= 500 || status === 429 || /Throttl/.test(String((error as Error).name));
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const status = httpStatusOf(error);
  return `${error.name}${status === null ? "" : ` (HTTP ${status})`}: ${oneLine(error.message)}`;
}

/** The HTTP status of an AWS SDK error (`$metadata`), or null when there was no answer. */
function httpStatusOf(error: unknown): number | null {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata
    ?.httpStatusCode;
  return typeof status === "number" ? status : null;
}

/** Upstream text for a log line: one line, no control characters, at most 300 characters. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
