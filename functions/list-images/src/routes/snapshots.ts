import {
  csvHeader,
  csvRow,
  parseSnapshotsQuery,
  runSnapshotsQuery,
  type SnapshotRow,
} from "@nhn-images/core";
import { answerFormat } from "../accept.ts";
import { type HttpResponse, renderRows } from "../response.ts";
import { readInventory } from "./read-inventory.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/** CSV columns of `/snapshots`: the figures flat, the maps of counts as JSON. */
const CSV_COLUMNS = [
  "snapshotDate",
  "manifestKey",
  "images",
  "public",
  "private",
  "totalBytes",
  "added",
  "removed",
  "changed",
  "byStatus",
  "byDiskFormat",
  "byRegion",
  "byVisibility",
] as const;

/** `GET /snapshots`: every snapshot, newest first, with its counts and changes. */
export async function listSnapshots(context: RouteContext): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseSnapshotsQuery(request.rawQuery);
  const format = answerFormat(query.format, request.headers.accept);
  const { runtime, value: page } = await readInventory(context, (reader) =>
    runSnapshotsQuery(reader, query),
  );
  Object.assign(log, { matched: page.matched, format });
  return renderRows(
    format,
    page.snapshots,
    { limit: query.limit, ...page },
    {
      json: (snapshots, figures) => ({ body: `{"snapshots":${snapshots},"page":${figures}}` }),
      csv: () =>
        csvHeader(CSV_COLUMNS) +
        page.snapshots.map((row) => csvRow(flat(row), CSV_COLUMNS)).join(""),
      cacheControl: cacheControl(runtime),
    },
  );
}

function flat(row: SnapshotRow): Record<(typeof CSV_COLUMNS)[number], unknown> {
  const { counts, changes } = row;
  return {
    snapshotDate: row.snapshotDate,
    manifestKey: row.manifestKey,
    images: counts.images,
    public: counts.public,
    private: counts.private,
    totalBytes: counts.totalBytes,
    ...changes,
    byStatus: counts.byStatus,
    byDiskFormat: counts.byDiskFormat,
    byRegion: "byRegion" in counts ? counts.byRegion : null,
    byVisibility: "byVisibility" in counts ? counts.byVisibility : null,
  };
}
