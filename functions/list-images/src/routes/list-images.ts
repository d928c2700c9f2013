import {
  checkUsageParameters,
  type Image,
  type ImageQuery,
  type ListingFilters,
  listingFiltersOf,
  type ProjectedImage,
  parseImageQuery,
  type QueryResult,
  QueryRun,
  runQuery,
} from "@nhn-images/core";
import {
  type InventoryReader,
  type Snapshot,
  unusedKey,
  unusedSinceDates,
} from "@nhn-images/inventory";
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
  let answer: { result: QueryResult; source: PageSource; usage: boolean };
  if (query.asOf === null) {
    // Without NHN_USAGE no image has usage: `inUse` and `fields=usage` are the caller's mistake.
    checkUsageParameters(query, runtime.config.usage);
    const { images, source } = await liveImages(runtime, listingFiltersOf(query.filters), context);
    answer = { result: runQuery(images, query), source, usage: runtime.config.usage };
  } else {
    answer = await snapshotPage(query.asOf, query, context);
  }
  const { result, source, usage } = answer;
  Object.assign(log, { matched: result.matched, format });
  return renderPage(result, query, format, source, cacheControl(runtime), usage);
}

/**
 * The live list: the container's cache, or (no cache) one listing with what `filters` lets
 * upstream filter.
 */
export async function liveImages(
  runtime: Runtime,
  filters: ListingFilters,
  context: RouteContext,
): Promise<{ images: readonly Image[]; source: PageSource }> {
  const { deadline, now, log } = context;
  let list: CachedList;
  if (runtime.cache !== null) {
    list = await runtime.cache.get(deadline);
  } else {
    // No cache: every request lists upstream anyway, so let upstream filter what it can.
    const started = now();
    const images = await runtime.client.listAllImages({ filters, deadline });
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

/**
 * The page of `query` over the newest snapshot on or before `asOf`, its images streamed through
 * the query: a snapshot too large for the container's cache is read again per request but never
 * held. Usage parameters are judged by the snapshot: whether its images carry usage, not whether
 * this deployment collects it today.
 */
async function snapshotPage(asOf: string, query: ImageQuery, context: RouteContext) {
  const { snapshot, result: run } = await overSnapshot(asOf, context, () => {
    const run = new QueryRun(query);
    return { offer: (image) => run.offer(image), result: () => run };
  });
  const usage = run.carriesUsage;
  checkUsageParameters(query, usage, snapshot.snapshotDate);
  const result = run.result();
  if (usage) await readInventory(context, (reader) => addUnusedSince(result, snapshot, reader));
  return { result, source: snapshotSource(snapshot), usage };
}

/**
 * Gives each row of the page whose verdict is `unused` its `usage.unusedSinceDate`, from the
 * snapshots before (only the page's rows are looked up, and only while their runs last).
 */
async function addUnusedSince(result: QueryResult, snapshot: Snapshot, reader: InventoryReader) {
  const unused = result.images.filter((row) => row.usage?.verdict === "unused");
  if (unused.length === 0) return;
  const since = await unusedSinceDates(reader, snapshot, unused);
  const rows = result.images as ProjectedImage[];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ProjectedImage;
    const date = row.usage?.verdict === "unused" ? since.get(unusedKey(row)) : undefined;
    if (date !== undefined && row.usage !== undefined) {
      rows[i] = { ...row, usage: { ...row.usage, unusedSinceDate: date } };
    }
  }
}

/** The images of the newest snapshot on or before `asOf` with the id `id`, in any region. */
export async function snapshotImagesWithId(
  asOf: string,
  id: string,
  context: RouteContext,
): Promise<readonly Image[]> {
  const { result } = await overSnapshot(asOf, context, () => {
    const found: Image[] = [];
    return {
      offer(image) {
        if (image.id === id) found.push(image);
      },
      result: () => found,
    };
  });
  return result;
}

/** What takes a snapshot's images one at a time, and what it makes of them. */
export interface SnapshotScan<T> {
  offer(image: Image): void;
  result(): T;
}

/**
 * A scan of every image of the newest snapshot on or before `asOf` ({@link InventoryReader.eachImage}).
 * `scan` makes a fresh one per attempt: a stale listing is read again, and so are the images.
 * `scan` is given the snapshot before its images are read, and may refuse it by throwing. The
 * request's log names the snapshot's date.
 */
export async function overSnapshot<T>(
  asOf: string,
  context: RouteContext,
  scan: (snapshot: Snapshot) => SnapshotScan<T>,
): Promise<{ snapshot: Snapshot; result: T }> {
  const { value } = await readInventory(context, async (reader) => {
    const snapshot = await reader.snapshotOnOrBefore(asOf);
    const scanning = scan(snapshot);
    await reader.eachImage(snapshot, (image) => scanning.offer(image));
    return { snapshot, result: scanning.result() };
  });
  Object.assign(context.log, { snapshotDate: value.snapshot.snapshotDate });
  return value;
}

/** What `source` says of a snapshot's answer. */
export function snapshotSource(snapshot: Snapshot): PageSource {
  return {
    snapshotDate: snapshot.snapshotDate,
    manifestKey: snapshot.manifestKey,
    api: snapshot.source.api,
    regions: snapshot.source.regions,
  };
}
