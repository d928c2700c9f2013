import type { Image } from "../schemas/image.ts";
import type { CursorPosition } from "./cursor.ts";
import type { SortKey } from "./parse.ts";

type SortValue = string | number | null;
/** What the comparator reads: an image, or a cursor position dressed as one. */
type Sortable = Pick<Image, "id" | "region"> & Partial<Record<SortKey["field"], SortValue>>;

/**
 * Orders images by `sort`, then `id`, then `region` ascending (an image is identified by
 * (region, id)). Nulls sort last in either direction. Strings compare by Unicode code point,
 * case-sensitive, like a database's binary collation.
 */
export function imageComparator(sort: readonly SortKey[]): (a: Sortable, b: Sortable) => number {
  const fields = sort.map((key) => key.field);
  const signs = sort.map((key) => (key.direction === "asc" ? 1 : -1));
  const n = fields.length;
  return (a, b) => {
    for (let i = 0; i < n; i++) {
      const field = fields[i] as SortKey["field"];
      const x = a[field] ?? null;
      const y = b[field] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const order =
        typeof x === "number" && typeof y === "number"
          ? x - y
          : compareCodePoints(String(x), String(y));
      if (order !== 0) return order * (signs[i] as number);
    }
    return compareIdThenRegion(a, b);
  };
}

/** The order that identifies images: `id`, then `region`, both ascending by code point. */
export function compareIdThenRegion(
  a: Pick<Image, "id" | "region">,
  b: Pick<Image, "id" | "region">,
): number {
  const byId = compareCodePoints(a.id, b.id);
  if (byId !== 0) return byId;
  return a.region === b.region ? 0 : a.region < b.region ? -1 : 1;
}

/** The sort values of `image` under `sort`, as a cursor stores them. */
export function positionOf(image: Image, sort: readonly SortKey[]): CursorPosition {
  return { values: sort.map((key) => image[key.field]), id: image.id, region: image.region };
}

/** A cursor position as something {@link imageComparator} can compare images with. */
export function sortableFromPosition(position: CursorPosition, sort: readonly SortKey[]): Sortable {
  const sortable: Record<string, SortValue> = { id: position.id, region: position.region };
  sort.forEach((key, i) => {
    sortable[key.field] = position.values[i] ?? null;
  });
  return sortable as Sortable;
}

/**
 * Compares strings by code point. JavaScript's `<` compares UTF-16 units, which puts astral
 * characters (surrogate pairs) before U+E000–U+FFFF; this puts them after, as code points do.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}
