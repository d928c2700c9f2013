import type { Image, ImageField } from "../schemas/image.ts";
import { encodeCursor } from "./cursor.ts";
import type { Glob } from "./glob.ts";
import { imageComparator, positionOf, sortableFromPosition } from "./order.ts";
import type { ImageFilters, ImageQuery } from "./parse.ts";

/**
 * An image reduced to the requested fields; its identity, `id` and `region`, is always there
 * (one id can name an image in two regions).
 */
export type ProjectedImage = Pick<Image, "id" | "region"> & Partial<Image>;

export interface QueryResult {
  readonly images: ProjectedImage[];
  /** How many images match the filters, over every page. */
  readonly matched: number;
  /** The cursor of the next page, or null on the last. */
  readonly next: string | null;
}

/**
 * Runs a query over a list of images: filter, order, one page after the cursor, projection.
 *
 * The page is picked with a bounded heap (`limit + 1` entries) in one pass, O(n log limit),
 * without sorting every match. Cursors are keysets (the last row's sort values, id and region), so
 * walking the pages returns each match once even when images come and go between pages.
 */
export function runQuery(images: Iterable<Image>, query: ImageQuery): QueryResult {
  const run = new QueryRun(query);
  for (const image of images) run.offer(image);
  return run.result();
}

/**
 * A query run over images handed to it one at a time ({@link runQuery}'s pass, for a stream): it
 * keeps the matches' count and the page's `limit + 1` best, never the images, so a snapshot of a
 * million images is queried in the memory of one page.
 */
export class QueryRun {
  readonly #query: ImageQuery;
  readonly #matches: (image: Image) => boolean;
  readonly #compare: ReturnType<typeof imageComparator>;
  readonly #after: ReturnType<typeof sortableFromPosition> | null;
  readonly #heap: BoundedHeap<Image>;
  #matched = 0;
  #carriesUsage = false;

  constructor(query: ImageQuery) {
    this.#query = query;
    this.#matches = imageFilter(query.filters);
    this.#compare = imageComparator(query.sort);
    this.#after = query.after === null ? null : sortableFromPosition(query.after, query.sort);
    this.#heap = new BoundedHeap<Image>(query.limit + 1, this.#compare);
  }

  offer(image: Image): void {
    if (image.usage !== undefined) this.#carriesUsage = true;
    if (!this.#matches(image)) return;
    this.#matched++;
    if (this.#after !== null && this.#compare(image, this.#after) <= 0) return;
    this.#heap.offer(image);
  }

  /**
   * Whether any image offered, matching or not, carried usage: over a snapshot, whether usage
   * parameters (`inUse`, `fields=usage`) can be answered at all.
   */
  get carriesUsage(): boolean {
    return this.#carriesUsage;
  }

  /** The page of what was offered. */
  result(): QueryResult {
    const query = this.#query;
    const page = this.#heap.drainSorted();
    let next: string | null = null;
    if (page.length > query.limit) {
      page.length = query.limit;
      const last = page[query.limit - 1] as Image;
      next = encodeCursor({ canonical: query.canonical, after: positionOf(last, query.sort) });
    }
    const fields = query.fields;
    return {
      images: fields === null ? page : page.map((image) => projectImage(image, fields)),
      matched: this.#matched,
      next,
    };
  }
}

/**
 * The filters as one predicate; checks run cheapest first. One function with a null test per
 * filter is faster than a list of closures: it stays monomorphic in the hot loop.
 */
export function imageFilter(filters: ImageFilters): (image: Image) => boolean {
  const {
    status,
    diskFormat,
    visibility,
    ids,
    owner,
    region,
    family,
    name,
    tags,
    properties,
    fitsDisk,
    fitsRam,
    sizeMin,
    sizeMax,
  } = filters;
  const isProtected = filters.protected;
  const inUse = filters.inUse;
  // RFC 3339 UTC strings of one fixed shape order like the instants they name.
  const { createdSince, createdBefore, updatedSince, updatedBefore } = filters;
  const propertyCount = properties.length;
  const tagCount = tags.length;
  return (i) => {
    if (ids !== null && !ids.has(i.id)) return false;
    if (region !== null && !region.has(i.region)) return false;
    if (family !== null && !family.has(i.family)) return false;
    if (status !== null && !status.has(i.status)) return false;
    if (diskFormat !== null && (i.diskFormat === null || !diskFormat.has(i.diskFormat)))
      return false;
    if (visibility !== null && !visibility.has(i.visibility)) return false;
    if (owner !== null && (i.owner === null || !owner.has(i.owner))) return false;
    if (isProtected !== null && i.protected !== isProtected) return false;
    if (inUse !== null && (i.usage === undefined || !inUse.has(i.usage.verdict))) return false;
    if (fitsDisk !== null && i.minDisk > fitsDisk) return false;
    if (fitsRam !== null && i.minRam > fitsRam) return false;
    if (sizeMin !== null && (i.size === null || i.size < sizeMin)) return false;
    if (sizeMax !== null && (i.size === null || i.size > sizeMax)) return false;
    if (createdSince !== null && i.createdAt < createdSince) return false;
    if (createdBefore !== null && i.createdAt >= createdBefore) return false;
    if (updatedSince !== null && i.updatedAt < updatedSince) return false;
    if (updatedBefore !== null && i.updatedAt >= updatedBefore) return false;
    if (name !== null && !name.matches(i.name)) return false;
    for (let t = 0; t < tagCount; t++) {
      const glob = tags[t] as Glob;
      if (!i.tags.some((tag) => glob.matches(tag))) return false;
    }
    for (let p = 0; p < propertyCount; p++) {
      const { key, value } = properties[p] as ImageFilters["properties"][number];
      const actual = Object.hasOwn(i.properties, key) ? i.properties[key] : undefined;
      if (actual === undefined || (value !== null && !value.matches(actual))) return false;
    }
    return true;
  };
}

/** The image reduced to `fields`, and its identity (`id`, `region`). */
export function projectImage(image: Image, fields: readonly ImageField[]): ProjectedImage {
  const out: Record<string, unknown> = { id: image.id, region: image.region };
  for (const field of fields) out[field] = image[field];
  return out as ProjectedImage;
}

/** Keeps the `capacity` smallest items offered (a max-heap on `compare`). */
class BoundedHeap<T> {
  readonly #items: T[] = [];
  constructor(
    private readonly capacity: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  offer(item: T): void {
    const items = this.#items;
    if (items.length < this.capacity) {
      items.push(item);
      this.#siftUp(items.length - 1);
    } else if (this.compare(item, items[0] as T) < 0) {
      items[0] = item;
      this.#siftDown(0);
    }
  }

  /** The kept items, smallest first; empties the heap. */
  drainSorted(): T[] {
    const items = this.#items.splice(0);
    return items.sort(this.compare);
  }

  #siftUp(index: number): void {
    const items = this.#items;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i] as T, items[parent] as T) <= 0) return;
      [items[i], items[parent]] = [items[parent] as T, items[i] as T];
      i = parent;
    }
  }

  #siftDown(index: number): void {
    const items = this.#items;
    const n = items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < n && this.compare(items[left] as T, items[largest] as T) > 0) largest = left;
      if (right < n && this.compare(items[right] as T, items[largest] as T) > 0) largest = right;
      if (largest === i) return;
      [items[i], items[largest]] = [items[largest] as T, items[i] as T];
      i = largest;
    }
  }
}
