import type { ImageClient } from "@nhn-images/core";
import type { PutEvents } from "@nhn-images/inventory/export";
import type { LifecycleStore } from "../plan/lifecycle-store.ts";
import type { ActionEntry, ActionResult } from "./audit-log.ts";

/** What an apply is given: the client, the store, the clock and its identity. */
export interface ApplyDependencies {
  readonly client: ImageClient;
  readonly store: LifecycleStore;
  readonly now: () => number;
  readonly runId: string;
  /** False: a dry run, which writes nothing (no lock, no audit log, no upstream write). */
  readonly act: boolean;
  /** Each action as it is decided (a progress line). */
  readonly onAction?: ((entry: ActionEntry) => void) | undefined;
  /** The bus the run's events go on (`EVENT_BUS_NAME`), after the run; none without it. */
  readonly events?: LifecycleEventSink | undefined;
}

/** Where `Image Marked For Deletion`, …, and `Lifecycle Run Completed` are put. */
export interface LifecycleEventSink {
  readonly busName: string;
  readonly putEvents: PutEvents;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface ApplyOutcome {
  readonly runId: string;
  readonly planId: string;
  /** The audit log's key; null for a dry run. */
  readonly auditKey: string | null;
  readonly entries: readonly ActionEntry[];
  readonly counts: Readonly<Record<ActionResult, number>>;
  readonly deleted: number;
  readonly reclaimedBytes: number;
}
