import type { PutEventsEntry } from "@nhn-images/inventory/export";
import type { ActionEntry } from "./audit-log.ts";

/** Every event's `source`, as the export's. */
export const LIFECYCLE_EVENT_SOURCE = "nhn-images";

export const ACTION_DETAIL_TYPES = {
  mark: "Image Marked For Deletion",
  unmark: "Image Unmarked",
  delete: "Image Deleted",
} as const;
export const RUN_COMPLETED = "Lifecycle Run Completed";

/** `detail` of `Lifecycle Run Completed`. */
export interface RunCompletedDetail {
  readonly runId: string;
  readonly planId: string;
  readonly planDate: string;
  readonly auditKey: string;
  readonly counts: Readonly<Record<"done" | "skipped" | "failed", number>>;
  readonly deleted: number;
  readonly reclaimedBytes: number;
}

/**
 * The run's events, in order: one per action done upstream (a skipped or failed action is in the
 * audit log, not on the bus), then `Lifecycle Run Completed`.
 */
export function lifecycleEventEntries(
  done: readonly ActionEntry[],
  completed: RunCompletedDetail,
  busName: string,
): PutEventsEntry[] {
  const entry = (detailType: string, detail: unknown): PutEventsEntry => ({
    Source: LIFECYCLE_EVENT_SOURCE,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    EventBusName: busName,
  });
  return [
    ...done.map((action) =>
      entry(ACTION_DETAIL_TYPES[action.action], { runId: completed.runId, ...action }),
    ),
    entry(RUN_COMPLETED, completed),
  ];
}
