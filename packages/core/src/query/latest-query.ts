import { type InputIssue, NoMatchingImageError, QueryError } from "../errors.ts";
import type { Region } from "../regions.ts";
import type { Image } from "../schemas/image.ts";
import { IMAGE_QUERY_PARAMETERS, MULTI_VALUE_PARAMETERS, REPEATABLE_PARAMETERS } from "./params.ts";
import { DEFAULT_SORT, type ImageQuery, parseImageQuery } from "./parse.ts";
import { readQuery, routeParameters } from "./read-params.ts";
import { type ProjectedImage, QueryRun } from "./run.ts";

/** `/images` parameters that shape a page; `/images/latest` answers one image, not a page. */
const PAGE_ONLY = new Set(["sort", "limit", "cursor", "format"]);

/**
 * The query parameters of `GET /images/latest`: every filter of `GET /images`, `asOf` and
 * `fields`.
 */
export const LATEST_QUERY_PARAMETERS = Object.fromEntries(
  Object.entries(IMAGE_QUERY_PARAMETERS).filter(([name]) => !PAGE_ONLY.has(name)),
) as Omit<typeof IMAGE_QUERY_PARAMETERS, "sort" | "limit" | "cursor" | "format">;

const LATEST_ROUTE = routeParameters("/images/latest", LATEST_QUERY_PARAMETERS, {
  repeatable: REPEATABLE_PARAMETERS,
  multiValue: MULTI_VALUE_PARAMETERS,
});

/** The statuses `/images/latest` asks for when the query names none: an image one can boot. */
export const LATEST_DEFAULT_STATUS = "active";

/**
 * Parses a `GET /images/latest` query into the `GET /images` query whose first row (hidden
 * images aside, {@link LatestImageRun}) is the answer: the same filters, `status` {@link LATEST_DEFAULT_STATUS} unless given, the list's
 * default order (newest `createdAt` first, then `id`, then `region`), one row.
 *
 * @throws {QueryError} naming each bad parameter; `sort`, `limit`, `cursor` and `format` are
 *   unknown here (the answer is one image).
 */
export function parseLatestQuery(input: string | URLSearchParams): ImageQuery {
  const issues: InputIssue[] = [];
  const { params, parsed } = readQuery(input, LATEST_ROUTE, issues);
  if (parsed === null || issues.length > 0) throw new QueryError(issues);
  const asImages = new URLSearchParams(params);
  if (!asImages.has("status")) asImages.set("status", LATEST_DEFAULT_STATUS);
  asImages.set("sort", DEFAULT_SORT.map((key) => `${key.field}:${key.direction}`).join(","));
  asImages.set("limit", "1");
  return parseImageQuery(asImages);
}

/**
 * The newest image `query` matches among `images` (handed one at a time, so a snapshot's stream
 * works as well as a list). A hidden image (Glance's `os_hidden`: a release retired from the
 * offer, kept bootable by id) is never the newest: like an AMI deprecated out of
 * `most_recent`, it is listed and counted, not picked.
 */
export class LatestImageRun {
  readonly #run: QueryRun;
  #hiddenCarryUsage = false;

  constructor(query: ImageQuery) {
    this.#run = new QueryRun(query);
  }

  offer(image: Image): void {
    if (!image.hidden) this.#run.offer(image);
    else if (image.usage !== undefined) this.#hiddenCarryUsage = true;
  }

  /** Whether any image offered, hidden ones included, carried usage ({@link QueryRun.carriesUsage}). */
  get carriesUsage(): boolean {
    return this.#run.carriesUsage || this.#hiddenCarryUsage;
  }

  /** The image, projected as the query asks. @throws {NoMatchingImageError} when none matched. */
  result(): ProjectedImage {
    const image = this.#run.result().images[0];
    if (image === undefined) {
      throw new NoMatchingImageError("No image matches the filters (status defaults to active)");
    }
    return image;
  }
}

/** {@link LatestImageRun} over a list. */
export function latestImage(images: Iterable<Image>, query: ImageQuery): ProjectedImage {
  const run = new LatestImageRun(query);
  for (const image of images) run.offer(image);
  return run.result();
}

/**
 * Refuses a `/images/latest` query that names no region when several are configured: an image
 * id is only good in its own region, so "the newest" must be of one.
 *
 * @throws {QueryError} naming `region`.
 */
export function checkLatestRegion(query: ImageQuery, regions: readonly Region[]): void {
  if (regions.length <= 1 || query.filters.region !== null) return;
  throw new QueryError([
    {
      param: "region",
      message: `is required when several regions are configured (${regions.join(", ")}): an image id is only good in its own region`,
    },
  ]);
}
