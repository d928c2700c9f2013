import { calendarDate, NhnImagesError } from "@nhn-images/core";
import * as z from "zod";

/** The event is neither the schedule nor a manual `{"date":"YYYY-MM-DD"}`: nothing is written. */
export class ExportEventError extends NhnImagesError {
  override readonly name = "ExportEventError";
}

const ScheduledEvent = z.object({
  source: z.literal("aws.events"),
  "detail-type": z.literal("Scheduled Event"),
  time: z.string().optional(),
});

/** The first date a snapshot may have: Athena's partition projection starts there too. */
export const FIRST_SNAPSHOT_DATE = "2000-01-01";

const ManualEvent = z.strictObject({
  date: calendarDate.refine(
    (date) => date >= FIRST_SNAPSHOT_DATE,
    `must be ${FIRST_SNAPSHOT_DATE} or later`,
  ),
  /** Write the snapshot even if it drops more images than `EXPORT_MAX_DROP_PCT` allows. */
  force: z.boolean().optional(),
});

/** What a run was asked for: the snapshot date, or null for "the run's start in UTC". */
export interface ExportRequest {
  readonly trigger: "schedule" | "manual";
  readonly date: string | null;
  readonly force: boolean;
}

/**
 * Reads the EventBridge schedule event or a manual `{"date": "YYYY-MM-DD"}` (backfill or re-run,
 * optionally `"force": true`). A date after `today` or before 2000-01-01 is refused.
 *
 * @throws {ExportEventError} naming what is wrong, before anything is written.
 */
export function parseExportEvent(event: unknown, today: string): ExportRequest {
  if (ScheduledEvent.safeParse(event).success) {
    return { trigger: "schedule", date: null, force: false };
  }
  const manual = ManualEvent.safeParse(event);
  if (!manual.success) {
    const detail = manual.error.issues
      .map((i) => `${i.path.join(".") || "event"}: ${i.message}`)
      .join("; ");
    throw new ExportEventError(
      `Expected the EventBridge schedule or {"date":"YYYY-MM-DD"} (optionally "force": true); got an event that is neither (${detail})`,
    );
  }
  if (manual.data.date > today) {
    throw new ExportEventError(
      `date ${manual.data.date} is after today (${today}) in UTC: nothing to snapshot yet`,
    );
  }
  return { trigger: "manual", date: manual.data.date, force: manual.data.force === true };
}
