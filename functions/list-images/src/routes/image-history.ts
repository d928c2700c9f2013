import {
  HISTORY_CSV_COLUMNS,
  parseImageHistoryQuery,
  runImageHistoryQuery,
} from "@nhn-images/inventory";
import { answerFormat } from "../accept.ts";
import { type HttpResponse, renderRows } from "../response.ts";
import { readInventory } from "./read-inventory.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/** `GET /images/{id}/history`: when the image was seen and how it changed, newest first. */
export async function imageHistory(context: RouteContext, id: string): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseImageHistoryQuery(id, request.rawQuery);
  const format = answerFormat(query.format, request.headers.accept);
  const { runtime, value: history } = await readInventory(context, (reader) =>
    runImageHistoryQuery(reader, query),
  );
  Object.assign(log, { matched: history.matched, format });
  const { changes, matched, next, ...about } = history;
  return renderRows(
    format,
    changes,
    { limit: query.limit, matched, next },
    {
      json: (rows, figures) => ({
        body: `${JSON.stringify(about).slice(0, -1)},"changes":${rows},"page":${figures}}`,
      }),
      csv: { columns: HISTORY_CSV_COLUMNS },
      cacheControl: cacheControl(runtime),
      skipped: history.skipped,
    },
  );
}
