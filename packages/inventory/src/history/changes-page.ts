import { compareIdThenRegion, QueryError } from "@nhn-images/core";
import type { ImageChange } from "../diff/image-change.ts";
import { type ChangesQuery, changeFilter, changesCanonical } from "./changes-query.ts";
import { historyCursor } from "./history-cursor.ts";
import { changesOfEach, type HistorySource } from "./history-source.ts";

/** A row of `GET /changes`: a change of one snapshot, with the snapshot's date. */
export type ChangeRow = { readonly snapshotDate: string } & ImageChange;

export interface ChangesPage {
  readonly changes: ChangeRow[];
  /** Rows matching over every page. */
  readonly matched: number;
  readonly next: string | null;
  /** The window answered (the defaults resolved). */
  readonly since: string;
  readonly until: string;
}

/**
 * One page of `GET /changes`: the change objects of the snapshots in the window (only those),
 * rows ordered by snapshot date (newest first), then id and region, after the cursor.
 *
 * @throws {SnapshotNotFoundError} when the window is left to default and there is no snapshot.
 * @throws {QueryError} on `until` when it is before the latest snapshot and `since` is not given.
 * @throws {SnapshotUnreadableError} when a snapshot of the window cannot be read.
 */
export async function runChangesQuery(
  source: HistorySource,
  query: ChangesQuery,
): Promise<ChangesPage> {
  let { since, until } = query;
  if (since === null || until === null) {
    // DESIGN.md: each defaults to the latest snapshot's date.
    const newest = (await source.newestSnapshot()).snapshotDate;
    if (since === null && until !== null && until < newest) {
      throw new QueryError([
        {
          param: "until",
          message: `is before since, which defaults to the latest snapshot's date (${newest}): give since too`,
        },
      ]);
    }
    since ??= newest;
    until ??= newest;
  }
  const snapshots = await source.snapshotsBetween(since, until);
  const rowsOf = await changesOfEach(source, snapshots);
  const matches = changeFilter(query.filters);
  const after = query.after;
  const page: ChangeRow[] = [];
  let matched = 0;
  let more = false;
  snapshots.forEach((snapshot, index) => {
    const date = snapshot.snapshotDate;
    for (const row of rowsOf[index] ?? []) {
      if (!matches(row)) continue;
      matched++;
      if (after !== null) {
        if (date > after.snapshotDate) continue;
        if (
          date === after.snapshotDate &&
          compareIdThenRegion(row, after as Pick<ImageChange, "id" | "region">) <= 0
        )
          continue;
      }
      if (page.length < query.limit) page.push({ snapshotDate: date, ...row });
      else more = true;
    }
  });
  const last = page.at(-1);
  const next =
    more && last !== undefined
      ? historyCursor(changesCanonical(query, since, until), {
          snapshotDate: last.snapshotDate,
          id: last.id,
          region: last.region,
        })
      : null;
  return { changes: page, matched, next, since, until };
}
