import {
  parseSnapshotsQuery,
  runSnapshotsQuery,
  SNAPSHOT_CSV_COLUMNS,
  snapshotCsvRecord,
} from "@nhn-images/inventory";
import { answerFormat } from "../accept.ts";
import { type HttpResponse, renderRows } from "../response.ts";
import { readInventory } from "./read-inventory.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/**
 * `GET /snapshots`: every snapshot, newest first, with its counts and changes; the manifests
 * that cannot be read (or are dated after today) in `skipped`, with their reasons.
 */
export async function listSnapshots(context: RouteContext): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseSnapshotsQuery(request.rawQuery);
  const format = answerFormat(query.format, request.headers.accept);
  const { runtime, value: page } = await readInventory(context, (reader) =>
    runSnapshotsQuery(reader, query),
  );
  Object.assign(log, { matched: page.matched, format });
  const { skipped, ...rows } = page;
  if (skipped.length > 0) Object.assign(log, { skipped: skipped.length });
  return renderRows(
    format,
    rows.snapshots,
    { limit: query.limit, ...rows },
    {
      json: (snapshots, figures) => ({
        body: `{"snapshots":${snapshots},"page":${figures},"skipped":${JSON.stringify(skipped)}}`,
      }),
      skipped,
      csv: { columns: SNAPSHOT_CSV_COLUMNS, record: snapshotCsvRecord },
      cacheControl: cacheControl(runtime),
    },
  );
}
