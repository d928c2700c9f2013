import {
  EVENT_SOURCE,
  type ImageChangeDetail,
  SNAPSHOT_COMPLETED,
  type SnapshotCompletedDetail,
  type SnapshotEvent,
} from "./snapshot-events.ts";

/** A PutEvents request entry as the export sends it (EventBridge API reference). */
export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName: string;
}

/** At most this many entries per PutEvents request (API reference: `Entries`, 1–10 items). */
export const MAX_ENTRIES_PER_REQUEST = 10;
/**
 * The entries of one request must total less than 256 KB (API reference; the user guide's
 * "Calculating PutEvents event entry size"), and so must any one entry.
 */
export const MAX_REQUEST_BYTES = 256 * 1024 - 1;
/** Strings of a trimmed event are cut to this many characters. */
const TRIMMED_TEXT = 1024;

/**
 * An entry's size as EventBridge counts it (user guide, "Calculating PutEvents event entry
 * size"): the UTF-8 bytes of `Source`, `DetailType` and `Detail` (no `Time`, no `Resources`).
 */
export function entrySize(entry: PutEventsEntry): number {
  return (
    Buffer.byteLength(entry.Source) +
    Buffer.byteLength(entry.DetailType) +
    Buffer.byteLength(entry.Detail)
  );
}

/**
 * The entry of one event on `busName`. An event that would not fit EventBridge's entry limit (an
 * image with huge properties) is sent trimmed, with `truncated: true`: the image without its
 * properties and tags and every text cut to 1,024 characters, or the summary without its
 * per-status counts. The changes object and the manifest hold the rest.
 */
export function entryOf(event: SnapshotEvent, busName: string): PutEventsEntry {
  const entry = (detail: unknown): PutEventsEntry => ({
    Source: EVENT_SOURCE,
    DetailType: event.detailType,
    Detail: JSON.stringify(detail),
    EventBusName: busName,
  });
  const whole = entry(event.detail);
  if (entrySize(whole) <= MAX_REQUEST_BYTES) return whole;
  const trimmed = entry(
    event.detailType === SNAPSHOT_COMPLETED
      ? trimmedSummary(event.detail)
      : trimmedChange(event.detail as ImageChangeDetail),
  );
  if (entrySize(trimmed) > MAX_REQUEST_BYTES) {
    throw new Error(`A ${event.detailType} event does not fit an EventBridge entry even trimmed`);
  }
  return trimmed;
}

/** Entries grouped into PutEvents requests, in order: at most 10 each, under 256 KB each. */
export function requestsOf(entries: readonly PutEventsEntry[]): PutEventsEntry[][] {
  const requests: PutEventsEntry[][] = [];
  let current: PutEventsEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length === MAX_ENTRIES_PER_REQUEST || bytes + size > MAX_REQUEST_BYTES) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

function trimmedChange(detail: ImageChangeDetail) {
  const image: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(detail.image)) {
    if (field === "properties") image[field] = {};
    else if (field === "tags") image[field] = [];
    else image[field] = cutText(value);
  }
  const fields: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, change] of Object.entries(detail.fields)) {
    if (change !== undefined)
      fields[field] = { from: cutText(change.from), to: cutText(change.to) };
  }
  return { ...detail, image, fields, dedupKey: cutText(detail.dedupKey), truncated: true };
}

function trimmedSummary(detail: SnapshotCompletedDetail) {
  return { ...detail, counts: { ...detail.counts, byStatus: {} }, truncated: true };
}

/** Strings cut to {@link TRIMMED_TEXT} characters; maps and lists (properties, tags) to null. */
function cutText(value: unknown): unknown {
  if (typeof value === "string") return value.slice(0, TRIMMED_TEXT);
  return value !== null && typeof value === "object" ? null : value;
}
