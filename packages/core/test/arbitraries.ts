import {
  DISK_FORMATS,
  FAMILY_PROPERTY,
  familyOf,
  type Image,
  KNOWN_IMAGE_STATUSES,
  REGIONS,
  VISIBILITIES,
} from "@nhn-images/core";
import fc from "fast-check";
import { SORT_FIELDS } from "../src/query/params.ts";
import type { OracleQuery } from "./oracle.ts";

const NAME_PARTS = [
  "Ubuntu",
  "ubuntu",
  "Rocky",
  " ",
  "22.04",
  "*",
  "?",
  "é",
  "É",
  "😀",
  "\uE000",
  "-",
  "a",
  "b",
  "",
  " (2026.11.25)",
  "-20261117",
  "-v2",
];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();

/**
 * Images with few distinct values, so filters and ties actually bite; the family is the rule's
 * (several names share one).
 */
export const imageArb: fc.Arbitrary<Image> = fc
  .record({
    id: fc.stringMatching(/^[0-9a-f]{1,4}$/),
    name: fc.array(fc.constantFrom(...NAME_PARTS), { maxLength: 4 }).map((parts) => parts.join("")),
    status: fc.constantFrom(...KNOWN_IMAGE_STATUSES, "archived"),
    diskFormat: fc.option(fc.constantFrom(...DISK_FORMATS.slice(0, 4)), { nil: null }),
    isPublic: fc.boolean(),
    protected: fc.boolean(),
    minDisk: fc.constantFrom(0, 10, 20, 50),
    minRam: fc.constantFrom(0, 512, 1024, 4096),
    size: fc.option(fc.constantFrom(0, 100, 1000, 5000), { nil: null }),
    properties: fc.dictionary(
      fc.constantFrom("os_distro", "os_type", "a:b", "x", FAMILY_PROPERTY),
      fc.constantFrom("ubuntu", "Linux", "", "a*b", "😀"),
    ),
    createdAt: fc.integer({ min: 0, max: 30 }).map(day),
    updatedAt: fc.integer({ min: 0, max: 30 }).map(day),
    visibility: fc.constantFrom(...VISIBILITIES),
    owner: fc.option(fc.constantFrom("p1", "p2", "c289b99209ca4e189095cdecebbd092d"), {
      nil: null,
    }),
    tags: fc
      .uniqueArray(fc.constantFrom("_AVAILABLE_", "golden", "É", "a*b"), { maxLength: 3 })
      .map((tags) => tags.sort()),
    region: fc.constantFrom(...REGIONS.slice(0, 2)),
    hidden: fc.boolean(),
  })
  .map((image) => ({ ...image, family: familyOf(image.name, image.properties) }));

/** A list of images, each (region, id) once: an id may repeat across regions. */
export const imagesArb = fc.uniqueArray(imageArb, {
  selector: (i) => `${i.region} ${i.id}`,
  maxLength: 60,
});

const globArb = fc
  .array(fc.constantFrom("ubuntu", "u", "*", "?", "é", "😀", "\\*", " ", "a"), { maxLength: 4 })
  .map((p) => p.join(""));
const dateArb = fc.integer({ min: 0, max: 30 }).map((n) => day(n).slice(0, 10));

const filterArbs = {
  status: fc.subarray([...KNOWN_IMAGE_STATUSES], { minLength: 1 }),
  diskFormat: fc.subarray([...DISK_FORMATS.slice(0, 5)], { minLength: 1 }),
  visibility: fc.subarray([...VISIBILITIES], { minLength: 1 }),
  owner: fc.subarray(["p1", "p2"], { minLength: 1 }),
  region: fc.subarray([...REGIONS], { minLength: 1 }),
  family: fc.subarray(["Ubuntu", "ubuntu", "Rocky", "a", "Ubuntu 22.04", "Linux", "-20261117"], {
    minLength: 1,
  }),
  tag: fc.array(fc.constantFrom("_AVAILABLE_", "g*", "é", "*", "a\\*b"), {
    minLength: 1,
    maxLength: 2,
  }),
  protected: fc.boolean(),
  name: globArb,
  property: fc.array(
    fc.oneof(
      fc.constantFrom("os_distro", "os_type", "x"),
      fc.tuple(fc.constantFrom("os_distro", "os_type", "a"), globArb).map(([k, g]) => `${k}:${g}`),
    ),
    { minLength: 1, maxLength: 2 },
  ),
  fitsDisk: fc.constantFrom(0, 10, 20, 49),
  fitsRam: fc.constantFrom(0, 1024, 2048),
  sizeMin: fc.constantFrom(0, 100, 999),
  sizeMax: fc.constantFrom(100, 1000, 10_000),
  createdSince: dateArb,
  createdBefore: dateArb,
  updatedSince: dateArb,
  updatedBefore: dateArb,
};

const sortArb = fc
  .uniqueArray(fc.constantFrom(...SORT_FIELDS), { minLength: 1, maxLength: 3 })
  .chain((fields) =>
    fc.tuple(
      ...fields.map((field) =>
        fc.constantFrom("asc" as const, "desc" as const).map((direction) => ({ field, direction })),
      ),
    ),
  );

/**
 * Queries with up to three filters (more would match nothing in small lists) and maybe a sort.
 */
export const queryArb: fc.Arbitrary<OracleQuery> = fc
  .tuple(
    fc.record(filterArbs),
    fc.subarray(Object.keys(filterArbs) as (keyof typeof filterArbs)[], { maxLength: 3 }),
    fc.option(sortArb, { nil: undefined }),
  )
  .map(([all, keys, sort]) => {
    const query: OracleQuery = {};
    for (const key of keys) Object.assign(query, { [key]: all[key] });
    if (sort !== undefined) query.sort = sort;
    return withoutEmptyRanges(query);
  });

/**
 * A range no image can be in (`sizeMin` above `sizeMax`, a `…Since` not before its `…Before`)
 * is a 400, not a query: its ends are swapped, or, when equal, the upper one dropped.
 */
function withoutEmptyRanges(query: OracleQuery): OracleQuery {
  const out: Record<string, unknown> = { ...query };
  for (const [low, high] of [
    ["sizeMin", "sizeMax"],
    ["createdSince", "createdBefore"],
    ["updatedSince", "updatedBefore"],
  ] as const) {
    const a = out[low] as number | string | undefined;
    const b = out[high] as number | string | undefined;
    if (a === undefined || b === undefined) continue;
    const empty = low === "sizeMin" ? a > b : a >= b;
    if (!empty) continue;
    if (a === b) delete out[high];
    else [out[low], out[high]] = [b, a];
  }
  return out as OracleQuery;
}
