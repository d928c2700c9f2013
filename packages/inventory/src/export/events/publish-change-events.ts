import type { AwsDeadlines, CoreLogger } from "@nhn-images/core";
import type { ExportOutcome } from "../export.ts";
import { publishEvents } from "./event-publisher.ts";
import { eventBridgePutEvents, PUT_EVENTS_DEADLINES } from "./eventbridge-client.ts";
import { entryOf, requestsOf } from "./put-events-entries.ts";
import { snapshotEvents } from "./snapshot-events.ts";

export interface ChangeEventTarget {
  /** `EVENT_BUS_NAME`. */
  readonly busName: string;
  /** `EVENTBRIDGE_ENDPOINT`, or null for AWS. */
  readonly endpoint: string | null;
}

/**
 * Puts a published snapshot's events on the bus (DESIGN.md, "Change events"): one per change of
 * its first changes, then `Inventory Snapshot Completed`. Called only once `latest.json` is
 * written, so a failed run emits nothing.
 *
 * @returns how many events were put.
 * @throws {EventPublishError} when some could not be put; the snapshot stays as written.
 */
export async function publishChangeEvents(
  outcome: ExportOutcome,
  target: ChangeEventTarget,
  deps: {
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly sleep: (ms: number) => Promise<void>;
    readonly logger: CoreLogger;
    /** The PutEvents call's deadlines; {@link PUT_EVENTS_DEADLINES} by default. */
    readonly deadlines?: AwsDeadlines | undefined;
  },
): Promise<number> {
  const events = snapshotEvents(outcome.manifest, outcome.manifestKey, outcome.firstChanges);
  const requests = requestsOf(events.map((event) => entryOf(event, target.busName)));
  const { putEvents, close } = await eventBridgePutEvents(
    target.endpoint,
    deps.env,
    deps.deadlines ?? PUT_EVENTS_DEADLINES,
  );
  try {
    const published = await publishEvents(putEvents, requests, {
      sleep: deps.sleep,
      busName: target.busName,
    });
    deps.logger.info("Change events published", {
      snapshotDate: outcome.manifest.snapshotDate,
      bus: target.busName,
      events: published,
      requests: requests.length,
    });
    return published;
  } finally {
    close();
  }
}
