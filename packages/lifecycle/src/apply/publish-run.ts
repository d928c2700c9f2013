import { publishEvents, requestsOf } from "@nhn-images/inventory/export";
import type { LifecyclePlan } from "../plan/plan-document.ts";
import type { ApplyOutcome, LifecycleEventSink } from "./apply-interfaces.ts";
import { lifecycleEventEntries, type RunCompletedDetail } from "./lifecycle-events.ts";

/** The run's events: one per action done, then `Lifecycle Run Completed`. */
export async function publishRun(
  outcome: ApplyOutcome,
  plan: LifecyclePlan,
  sink: LifecycleEventSink,
) {
  const completed: RunCompletedDetail = {
    runId: outcome.runId,
    planId: plan.planId,
    planDate: plan.planDate,
    auditKey: outcome.auditKey ?? "",
    counts: outcome.counts,
    deleted: outcome.deleted,
    reclaimedBytes: outcome.reclaimedBytes,
  };
  const done = outcome.entries.filter((entry) => entry.result === "done");
  await publishEvents(
    sink.putEvents,
    requestsOf(lifecycleEventEntries(done, completed, sink.busName)),
    { busName: sink.busName, sleep: sink.sleep },
  );
}
