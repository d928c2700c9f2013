import {
  parseSnapshotsQuery,
  runSnapshotsQuery,
  SNAPSHOT_CSV_COLUMNS,
  snapshotCsvRecord,
} from "@nhn-images/core";
import { answerFormat } from "../accept.ts";
import { type HttpResponse, renderRows } from "../response.ts";
import { readInventory } from "./read-inventory.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

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
      csv: { columns: SNAPSHOT_CSV_COLUMNS, record: snapshotCsvRecord },
      cacheControl: cacheControl(runtime),
    },
  );
}
