import {
  checkUsageParameters,
  type Image,
  type ImageQuery,
  listingFiltersOf,
  parseImageQuery,
  runQuery,
} from "@nhn-images/core";
import { answerFormat } from "../accept.ts";
import type { CachedList } from "../image-cache.ts";
import { type HttpResponse, type PageSource, renderPage } from "../response.ts";
import type { Runtime } from "../runtime.ts";
import { readInventory } from "./read-inventory.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/**
 * `GET /images`: the query over the live list (cached per container), or with `asOf` over the
 * newest snapshot dated on or before that day.
 */
export async function listImages(context: RouteContext): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseImageQuery(request.rawQuery);
  const format = answerFormat(query.format, request.headers.accept);
  const runtime = await context.runtime();
  // Without NHN_USAGE no image has usage: `inUse` and `fields=usage` are the caller's mistake.
  checkUsageParameters(query, runtime.config.usage);
  const { images, source } =
    query.asOf === null
      ? await liveImages(runtime, query, context)
      : await snapshotImages(query.asOf, context);
  const result = runQuery(images, query);
  Object.assign(log, { matched: result.matched, format });
  return renderPage(result, query, format, source, cacheControl(runtime), runtime.config.usage);
}

async function liveImages(runtime: Runtime, query: ImageQuery, context: RouteContext) {
  const { deadline, now, log } = context;
  let list: CachedList;
  if (runtime.cache !== null) {
    list = await runtime.cache.get(deadline);
  } else {
    // No cache: every request lists upstream anyway, so let upstream filter what it can.
    const started = now();
    const images = await runtime.client.listAllImages({
      filters: listingFiltersOf(query.filters),
      deadline,
    });
    list = { images, fetchedAt: now(), cached: false, upstreamMs: now() - started };
  }
  Object.assign(log, { cacheHit: list.cached, upstreamMs: list.upstreamMs });
  const source: PageSource = {
    api: runtime.config.apiVersion,
    regions: runtime.config.regions,
    fetchedAt: new Date(list.fetchedAt).toISOString(),
    cached: list.cached,
  };
  return { images: list.images, source };
}

/** The images of the newest snapshot on or before `asOf`, read once per container. */
export async function snapshotImages(
  asOf: string,
  context: RouteContext,
): Promise<{ images: readonly Image[]; source: PageSource }> {
  const { value } = await readInventory(context, async (reader) => {
    const snapshot = await reader.snapshotOnOrBefore(asOf);
    return { snapshot, images: await reader.images(snapshot) };
  });
  const { snapshot, images } = value;
  Object.assign(context.log, { snapshotDate: snapshot.snapshotDate });
  const source: PageSource = {
    snapshotDate: snapshot.snapshotDate,
    manifestKey: snapshot.manifestKey,
    api: snapshot.source.api,
    regions: snapshot.source.regions,
  };
  return { images, source };
}
