import { type CursorPosition, encodeCursor, resumeCursor } from "@nhn-images/core";

/** Where a history page ended: a snapshot date, and the id and region of its last row. */
export interface HistoryPosition {
  readonly snapshotDate: string;
  readonly id: string;
  readonly region: string;
}

/**
 * The cursor of the next page of a history route: the query it continues (its canonical text,
 * with the window it resolved) and the position reached. Same format and checksum as the
 * cursors of `/images`.
 */
export function historyCursor(canonical: string, position: HistoryPosition): string {
  return encodeCursor({ canonical, after: toCursorPosition(position) });
}

/**
 * The query and position a history cursor continues (core's {@link resumeCursor}, its first sort
 * value a snapshot date). `restore` reads the query back from its canonical text; `agrees` says
 * whether the parameters sent with the cursor (if any) name the same query.
 *
 * @throws {QueryError} on `cursor` when it is not ours, or was made for another query.
 */
export function resumeFromCursor<Q>(
  text: string,
  restore: (canonical: string) => Q | null,
  agrees: (restored: Q) => boolean,
): { query: Q; after: HistoryPosition } {
  const { query, after } = resumeCursor(
    text,
    (canonical, position) => (typeof position.values[0] === "string" ? restore(canonical) : null),
    agrees,
  );
  return {
    query,
    after: { snapshotDate: after.values[0] as string, id: after.id, region: after.region },
  };
}

function toCursorPosition(position: HistoryPosition): CursorPosition {
  return { values: [position.snapshotDate], id: position.id, region: position.region };
}
