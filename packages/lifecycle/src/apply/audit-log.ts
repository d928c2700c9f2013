import type { Region } from "@nhn-images/core";
import type { LifecycleStore } from "../plan/lifecycle-store.ts";

/** How long the line of a mark or unmark may wait for the next write of the log. */
export const COALESCE_MS = 100;

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
 * is stored; the lines of reversible actions (marks, unmarks) wait up to {@link COALESCE_MS} for
 * it. Whatever point the run is killed at, the log holds every action whose `append` had
 * resolved, and an action done upstream but not yet logged is found done again by the next run.
 * A write that fails is kept: {@link throwIfFailed} stops the run before its next action.
 */
export class AuditLog {
  readonly #lines: string[] = [];
  #writing: Promise<void> | null = null;
  #pending: Promise<void> | null = null;
  #failure: unknown = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: LifecycleStore,
    readonly key: string,
  ) {}

  get entries(): number {
    return this.#lines.length;
  }

  /** Adds the entry; resolves once a write holding it is stored. */
  append(entry: ActionEntry): Promise<void> {
    this.#lines.push(`${JSON.stringify(entry)}\n`);
    return this.#flush();
  }

  /**
   * Adds the entry of a reversible action (a mark, an unmark) and has it written within
   * {@link COALESCE_MS}: a thousand marks make a few dozen writes of the log, not a thousand.
   */
  appendSoon(entry: ActionEntry): void {
    this.#lines.push(`${JSON.stringify(entry)}\n`);
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#flush().catch(() => {});
    }, COALESCE_MS);
  }

  /** @throws the error of a write that failed: the log no longer holds every action. */
  throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure;
  }

  /** Resolves once every entry appended so far is stored. */
  async settled(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#lines.length > 0) await this.#flush().catch(() => {});
    this.throwIfFailed();
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
        write.catch((error: unknown) => {
          this.#failure ??= error;
        });
        this.#writing = write;
        return write;
      });
    this.#pending = next;
    return next;
  }
}
