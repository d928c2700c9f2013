import type { Region } from "@nhn-images/core";
import type { LifecycleStore } from "../plan/lifecycle-store.ts";

export const ACTION_RESULTS = ["done", "skipped", "failed"] as const;
export type ActionResult = (typeof ACTION_RESULTS)[number];

/** One line of `lifecycle/actions/dt=YYYY-MM-DD/<runId>.ndjson` (DESIGN.md). */
export interface ActionEntry {
  readonly at: string;
  readonly id: string;
  readonly region: Region;
  readonly name: string;
  readonly action: "mark" | "unmark" | "delete";
  readonly result: ActionResult;
  readonly reason: string;
  /** The status upstream answered the write with; null when no write was sent. */
  readonly httpStatus: number | null;
}

/**
 * The audit log of one apply run, appended as actions happen. S3 has no append, so each write
 * replaces the object with every line so far; writes are grouped: an entry appended while a write
 * is under way goes with the next one, and {@link append} resolves once a write holding the entry
 * is stored. Whatever point the run is killed at, the log holds every action whose `append` had
 * resolved, and an action done upstream but not yet logged is found done again by the next run.
 */
export class AuditLog {
  readonly #lines: string[] = [];
  #writing: Promise<void> | null = null;
  #pending: Promise<void> | null = null;

  constructor(
    private readonly store: LifecycleStore,
    readonly key: string,
  ) {}

  get entries(): number {
    return this.#lines.length;
  }

  async append(entry: ActionEntry): Promise<void> {
    this.#lines.push(`${JSON.stringify(entry)}\n`);
    await this.#flush();
  }

  /** Resolves once a write that began after this call is stored. */
  #flush(): Promise<void> {
    if (this.#pending !== null) return this.#pending;
    const previous = this.#writing ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => {
        this.#pending = null;
        const write = this.store.writeActions(this.key, [...this.#lines]);
        this.#writing = write;
        return write;
      });
    this.#pending = next;
    return next;
  }
}
