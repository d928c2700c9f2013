import {
  DEFAULT_LIMIT,
  IMAGE_QUERY_PARAMETERS,
  ImageConflictError,
  ImageNotFoundError,
  type InputIssue,
  imageIdIssue,
  type OutputFormat,
  oneRegion,
  outputFormat,
  pageLimit,
  QueryError,
  REGIONS,
  type Region,
  readQuery,
  routeParameters,
} from "@nhn-images/core";
import type { ImageChange } from "../diff/image-change.ts";
import type { Snapshot } from "../layout/snapshot.ts";
import type { SkippedSnapshot } from "../reader/snapshot-catalogue.ts";
import { type HistoryPosition, historyCursor, resumeFromCursor } from "./history-cursor.ts";
import type { HistorySource } from "./history-source.ts";
import { brokenLinksOf, rowsOfImage } from "./image-rows.ts";

/** The query parameters of `GET /images/{id}/history`. */
export const IMAGE_HISTORY_QUERY_PARAMETERS = {
  region: oneRegion.meta({
    description: "The region, when the id was seen in several.",
    example: "KR1",
  }),
  limit: pageLimit("Changes"),
  cursor: IMAGE_QUERY_PARAMETERS.cursor,
  format: outputFormat,
} as const;

const HISTORY_ROUTE = routeParameters("/images/{id}/history", IMAGE_HISTORY_QUERY_PARAMETERS);

export interface ImageHistoryQuery {
  readonly id: string;
  readonly region: Region | null;
  readonly limit: number;
  readonly format: OutputFormat | null;
  readonly after: HistoryPosition | null;
}

/** One change of an image's history. */
export interface HistoryChange {
  readonly snapshotDate: string;
  readonly change: ImageChange["change"];
  readonly fields: ImageChange["fields"];
}

/** `GET /images/{id}/history`: where and when an image was seen, and its changes, newest first. */
export interface ImageHistory {
  readonly id: string;
  readonly region: Region;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly present: boolean;
  readonly changes: HistoryChange[];
  readonly matched: number;
  readonly next: string | null;
  /**
   * Where the history may miss a change: manifests that cannot be read (or are dated after
   * today), dates a snapshot's changes are against that have no manifest any more (a killed
   * re-run), and snapshots whose changes are against an older snapshot than the one before them.
   */
  readonly skipped: readonly SkippedSnapshot[];
}

/** @throws {QueryError} one issue per problem (the id included), each naming its parameter. */
export function parseImageHistoryQuery(
  id: string,
  input: string | URLSearchParams,
): ImageHistoryQuery {
  const idIssue = imageIdIssue(id);
  const issues: InputIssue[] = idIssue === null ? [] : [idIssue];
  const { parsed } = readQuery(input, HISTORY_ROUTE, issues);
  if (parsed === null || issues.length > 0) throw new QueryError(issues);
  const query: ImageHistoryQuery = {
    id,
    region: parsed.region ?? null,
    limit: parsed.limit ?? DEFAULT_LIMIT,
    format: parsed.format ?? null,
    after: null,
  };
  if (parsed.cursor === undefined) return query;
  const { query: region, after } = resumeFromCursor(
    parsed.cursor,
    (canonical) => regionOfCanonical(canonical, id),
    (restored) => query.region === null || query.region === restored,
  );
  return { ...query, region, after };
}

/**
 * An image's history over every snapshot that can be read, from their change objects (each
 * snapshot's changes are its diff against the snapshot before it; the first snapshot's add every
 * image it held). A manifest that cannot be read, or a date a snapshot's changes are against that
 * has none any more, is walked over — the image is diffed across it from the two snapshots'
 * images ({@link rowsOfImage}) — and named in `skipped`.
 *
 * @throws {ImageNotFoundError} when no snapshot ever held the id (in `region`, when given).
 * @throws {ImageConflictError} when the id was seen in several regions and none is given.
 */
export async function runImageHistoryQuery(
  source: HistorySource,
  query: ImageHistoryQuery,
): Promise<ImageHistory> {
  const catalogue = await source.catalogue();
  const snapshots = catalogue.snapshots;
  const { region, seen } = await sightingsOf(source, snapshots, query);
  const newest = seen[0] as Sighting;
  const oldest = seen.at(-1) as Sighting;
  const present = newest.row.change !== "removed";
  // The snapshot before one: the one that can be read (its rows are against it, see rowsOfImage).
  const before = (snapshot: Snapshot) =>
    snapshots[snapshots.indexOf(snapshot) + 1]?.snapshotDate ?? snapshot.snapshotDate;
  const rows = seen.map(({ snapshot, row }) => ({
    snapshotDate: snapshot.snapshotDate,
    change: row.change,
    fields: row.fields,
  }));
  const after = query.after?.snapshotDate ?? null;
  const rest = after === null ? rows : rows.filter((row) => row.snapshotDate < after);
  const page = rest.slice(0, query.limit);
  const last = page.at(-1);
  return {
    id: query.id,
    region,
    // Seen first where it was added; a first row that is not `added` means it was already in
    // the snapshot before.
    firstSeen:
      oldest.row.change === "added" ? oldest.snapshot.snapshotDate : before(oldest.snapshot),
    lastSeen: present ? (snapshots[0] as Snapshot).snapshotDate : before(newest.snapshot),
    present,
    changes: page,
    matched: rows.length,
    next:
      rest.length > query.limit && last !== undefined
        ? historyCursor(canonicalOf(query.id, region), {
            snapshotDate: last.snapshotDate,
            id: query.id,
            region,
          })
        : null,
    skipped: [...catalogue.skipped, ...brokenLinksOf(snapshots, catalogue.skipped)],
  };
}

/** A change of the image, in the snapshot that recorded it. */
interface Sighting {
  readonly snapshot: Snapshot;
  readonly row: ImageChange;
}

/**
 * The image's changes over the snapshots, newest first, in its one region (the one asked for, or
 * the only one it was seen in).
 *
 * @throws {ImageConflictError} when it was seen in several regions and none is asked for.
 * @throws {ImageNotFoundError} when it was never seen (in that region).
 */
async function sightingsOf(
  source: HistorySource,
  snapshots: readonly Snapshot[],
  query: ImageHistoryQuery,
): Promise<{ region: Region; seen: Sighting[] }> {
  const rowsOf = await rowsOfImage(source, snapshots, query.id);
  const seen: Sighting[] = [];
  snapshots.forEach((snapshot, index) => {
    for (const row of rowsOf[index] ?? []) seen.push({ snapshot, row });
  });
  const regions = [...new Set(seen.map(({ row }) => row.region))].sort();
  const region = query.region ?? (regions.length === 1 ? (regions[0] as Region) : null);
  if (region === null && regions.length > 1) throw new ImageConflictError(query.id, regions);
  const mine = seen.filter(({ row }) => row.region === region);
  if (region === null || mine.length === 0) {
    throw new ImageNotFoundError(
      query.id,
      `No snapshot ever held image ${JSON.stringify(query.id)}${query.region === null ? "" : ` in ${query.region}`}`,
    );
  }
  return { region, seen: mine };
}

function canonicalOf(id: string, region: Region): string {
  return new URLSearchParams({ history: id, region }).toString();
}

function regionOfCanonical(canonical: string, id: string): Region | null {
  const params = new URLSearchParams(canonical);
  const region = params.get("region");
  if (params.get("history") !== id || region === null) return null;
  return (REGIONS as readonly string[]).includes(region) ? (region as Region) : null;
}
