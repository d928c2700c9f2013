import {
  DEFAULT_LIMIT,
  IMAGE_QUERY_PARAMETERS,
  type InputIssue,
  type OutputFormat,
  outputFormat,
  pageLimit,
  QueryError,
  readQuery,
  routeParameters,
} from "@nhn-images/core";
import type { Snapshot } from "../layout/snapshot.ts";
import type { SkippedSnapshot } from "../reader/snapshot-catalogue.ts";
import { type HistoryPosition, historyCursor, resumeFromCursor } from "./history-cursor.ts";
import type { HistorySource } from "./history-source.ts";

/** The query parameters of `GET /snapshots`. */
export const SNAPSHOTS_QUERY_PARAMETERS = {
  limit: pageLimit("Snapshots"),
  cursor: IMAGE_QUERY_PARAMETERS.cursor,
  format: outputFormat,
} as const;

const SNAPSHOTS_ROUTE = routeParameters("/snapshots", SNAPSHOTS_QUERY_PARAMETERS);

/** The query every `/snapshots` cursor carries: there are no filters. */
const SNAPSHOTS_CANONICAL = "snapshots";
/** A snapshot is its date alone: the position's id is the date, its region this. */
const NO_REGION = "-";

export interface SnapshotsQuery {
  readonly limit: number;
  readonly format: OutputFormat | null;
  readonly after: HistoryPosition | null;
}

/** A row of `GET /snapshots`. */
export interface SnapshotRow {
  readonly snapshotDate: string;
  readonly manifestKey: string;
  readonly counts: Snapshot["counts"];
  readonly changes: Snapshot["changes"];
}

/** @throws {QueryError} one issue per problem, each naming its parameter. */
export function parseSnapshotsQuery(input: string | URLSearchParams): SnapshotsQuery {
  const issues: InputIssue[] = [];
  const { parsed } = readQuery(input, SNAPSHOTS_ROUTE, issues);
  if (parsed === null) throw new QueryError(issues);
  const after =
    parsed.cursor === undefined
      ? null
      : resumeFromCursor(
          parsed.cursor,
          (canonical) => (canonical === SNAPSHOTS_CANONICAL ? true : null),
          () => true,
        ).after;
  return { limit: parsed.limit ?? DEFAULT_LIMIT, format: parsed.format ?? null, after };
}

/**
 * One page of `GET /snapshots`, newest first, and the manifests left out (unreadable, or dated
 * after today), each with its reason: one broken manifest does not hide the others.
 */
export async function runSnapshotsQuery(
  source: HistorySource,
  query: SnapshotsQuery,
): Promise<{
  snapshots: SnapshotRow[];
  matched: number;
  next: string | null;
  skipped: readonly SkippedSnapshot[];
}> {
  const { snapshots: all, skipped } = await source.catalogue();
  const after = query.after?.snapshotDate ?? null;
  const rest = after === null ? all : all.filter((snapshot) => snapshot.snapshotDate < after);
  const page = rest.slice(0, query.limit).map(snapshotRow);
  const last = page.at(-1);
  const next =
    rest.length > query.limit && last !== undefined
      ? historyCursor(SNAPSHOTS_CANONICAL, {
          snapshotDate: last.snapshotDate,
          id: last.snapshotDate,
          region: NO_REGION,
        })
      : null;
  return { snapshots: page, matched: all.length, next, skipped };
}

function snapshotRow(snapshot: Snapshot): SnapshotRow {
  const { snapshotDate, manifestKey, counts, changes } = snapshot;
  return { snapshotDate, manifestKey, counts, changes };
}
