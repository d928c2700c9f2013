import { CHANGE_CSV_COLUMNS, parseChangesQuery, runChangesQuery } from "@nhn-images/inventory";
import { answerFormat } from "../accept.ts";
import { type HttpResponse, renderRows } from "../response.ts";
import { readInventory } from "./read-inventory.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/**
 * `GET /changes`: what changed from `since` to `until`, newest snapshot first, read from those
 * snapshots' change objects only.
 */
export async function listChanges(context: RouteContext): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseChangesQuery(request.rawQuery);
  const format = answerFormat(query.format, request.headers.accept);
  const { runtime, value: page } = await readInventory(context, (reader) =>
    runChangesQuery(reader, query),
  );
  Object.assign(log, { matched: page.matched, since: page.since, until: page.until, format });
  return renderRows(
    format,
    page.changes,
    { limit: query.limit, ...page },
    {
      json: (changes, figures) => ({ body: `{"changes":${changes},"page":${figures}}` }),
      csv: { columns: CHANGE_CSV_COLUMNS },
      cacheControl: cacheControl(runtime),
    },
  );
}
