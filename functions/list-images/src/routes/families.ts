import {
  FAMILY_CSV_COLUMNS,
  type FamilyRow,
  FamilyTally,
  familiesPage,
  familyCsvRecord,
  familyListingFilters,
  familyRowsOf,
  parseFamiliesQuery,
} from "@nhn-images/core";
import { answerFormat } from "../accept.ts";
import { type HttpResponse, type PageSource, renderRows } from "../response.ts";
import { liveImages, overSnapshot, snapshotSource } from "./list-images.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/**
 * `GET /families`: every family (per region) of the live list, or with `asOf` of a snapshot —
 * its images counted, its newest active image, its oldest, its bytes — sorted by family, then
 * region, filtered on the rows and paged like every list route.
 */
export async function listFamilies(context: RouteContext): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseFamiliesQuery(request.rawQuery);
  const format = answerFormat(query.format, request.headers.accept);
  const runtime = await context.runtime();
  let rows: FamilyRow[];
  let source: PageSource;
  if (query.asOf === null) {
    const live = await liveImages(runtime, familyListingFilters(query), context);
    rows = familyRowsOf(live.images);
    source = live.source;
  } else {
    const scanned = await overSnapshot(query.asOf, context, () => {
      const tally = new FamilyTally();
      return { offer: (image) => tally.offer(image), result: () => tally.rows() };
    });
    rows = scanned.result;
    source = snapshotSource(scanned.snapshot);
  }
  const page = familiesPage(rows, query);
  Object.assign(log, { matched: page.matched, format });
  return renderRows(
    format,
    page.families,
    { limit: query.limit, matched: page.matched, next: page.next },
    {
      json: (families, figures) => ({
        body: `{"families":${families},"page":${figures},"source":${JSON.stringify(source)}}`,
        etagInput: `json\n${families}\n${figures}`,
      }),
      csv: { columns: FAMILY_CSV_COLUMNS, record: familyCsvRecord },
      cacheControl: cacheControl(runtime),
    },
  );
}
