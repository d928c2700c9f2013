import { createHash } from "node:crypto";
import { type Image, parseImageQuery, QueryError, runQuery } from "@nhn-images/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { imageArb, imagesArb, queryArb } from "./arbitraries.ts";
import { oracleMatches, oracleSort, toQueryString } from "./oracle.ts";

/** Images are identified by (region, id). */
const keyOf = (image: { id: string; region?: string }) => `${image.region}/${image.id}`;
const ids = (images: readonly { id: string; region?: string }[]) => images.map(keyOf);

/** Walks every page of `query`, letting `between` change the images before each next page. */
function walk(
  start: Image[],
  queryString: string,
  between: (images: Image[], page: number) => Image[] = (i) => i,
) {
  let images = start;
  const seen: string[] = [];
  let query = parseImageQuery(queryString);
  for (let page = 0; page < 500; page++) {
    const result = runQuery(images, query);
    seen.push(...ids(result.images));
    if (result.next === null) return seen;
    images = between(images, page);
    query = parseImageQuery(
      new URLSearchParams({ cursor: result.next, limit: String(query.limit) }).toString(),
    );
  }
  throw new Error("paging did not end");
}

describe("runQuery", () => {
  it("returns exactly what a naive oracle returns, for random images and queries", () => {
    fc.assert(
      fc.property(imagesArb, queryArb, fc.integer({ min: 1, max: 1000 }), (images, q, limit) => {
        const result = runQuery(
          images,
          parseImageQuery(toQueryString(q, { limit: String(limit) })),
        );
        const expected = oracleSort(
          images.filter((i) => oracleMatches(i, q)),
          q,
        );
        expect(result.matched).toBe(expected.length);
        expect(ids(result.images)).toEqual(ids(expected.slice(0, limit)));
        expect(result.next === null).toBe(expected.length <= limit);
      }),
      { numRuns: 1500 },
    );
  });

  it("pages through every match exactly once, in order, with any limit", () => {
    fc.assert(
      fc.property(imagesArb, queryArb, fc.integer({ min: 1, max: 7 }), (images, q, limit) => {
        const expected = oracleSort(
          images.filter((i) => oracleMatches(i, q)),
          q,
        );
        expect(walk(images, toQueryString(q, { limit: String(limit) }))).toEqual(ids(expected));
      }),
      { numRuns: 500 },
    );
  });

  it("returns every image present throughout exactly once when images come and go between pages", () => {
    fc.assert(
      fc.property(
        imagesArb,
        queryArb,
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.nat(), imageArb), { maxLength: 10 }),
        (images, q, limit, changes) => {
          const removed = new Set<string>();
          const seen = walk(images, toQueryString(q, { limit: String(limit) }), (current, page) => {
            const [pick, added] = changes[page] ?? [0, undefined];
            let next = current;
            const victim = current[pick % Math.max(1, current.length)];
            if (victim !== undefined && pick % 2 === 0) {
              removed.add(keyOf(victim));
              next = next.filter((i) => keyOf(i) !== keyOf(victim));
            }
            if (
              added !== undefined &&
              !next.some((i) => keyOf(i) === keyOf(added)) &&
              !removed.has(keyOf(added))
            ) {
              next = [...next, added];
            }
            return next;
          });
          expect(new Set(seen).size).toBe(seen.length);
          const stayed = images.filter((i) => oracleMatches(i, q) && !removed.has(keyOf(i)));
          for (const image of stayed) expect(seen).toContain(keyOf(image));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("projects fields and always keeps the identity, id and region (an id can be in two regions)", () => {
    fc.assert(
      fc.property(imagesArb, (images) => {
        const result = runQuery(images, parseImageQuery("fields=name,size&limit=1000"));
        for (const image of result.images)
          expect(Object.keys(image)).toEqual(["id", "region", "name", "size"]);
      }),
      { numRuns: 50 },
    );
  });
});

const issuesOf = (query: string) => {
  try {
    parseImageQuery(query);
  } catch (error) {
    if (error instanceof QueryError) return error.issues;
    throw error;
  }
  return [];
};

describe("parseImageQuery", () => {
  it("accepts every parameter of DESIGN.md", () => {
    const query = parseImageQuery(
      "status=active,queued&diskFormat=qcow2&visibility=public,shared&protected=false&id=a,b&name=ubuntu*" +
        "&property=os_distro:ubuntu&property=os_type&fitsDisk=20&fitsRam=2048&sizeMin=1&sizeMax=9" +
        "&createdSince=2026-01-01&createdBefore=2026-11-26T03:00:00%2B09:00&updatedSince=2026-01-01T00:00:00Z" +
        "&updatedBefore=2027-01-01&sort=name,size:desc,region,visibility:desc,owner&fields=name,tags&limit=5&format=csv" +
        "&owner=p1,p2&region=kr1,JP1&tag=_AVAILABLE_&tag=gold*",
    );
    expect(query.filters.visibility).toEqual(new Set(["public", "shared"]));
    expect(query.filters.owner).toEqual(new Set(["p1", "p2"]));
    expect(query.filters.region).toEqual(new Set(["KR1", "JP1"]));
    expect(query.filters.tags.map((glob) => glob.pattern)).toEqual(["_AVAILABLE_", "gold*"]);
    expect(query.filters.createdBefore).toBe("2026-11-25T18:00:00.000Z");
    expect(query.sort).toEqual([
      { field: "name", direction: "asc" },
      { field: "size", direction: "desc" },
      { field: "region", direction: "asc" },
      { field: "visibility", direction: "desc" },
      { field: "owner", direction: "asc" },
    ]);
    expect(query.filters.properties.map((p) => p.key)).toEqual(["os_distro", "os_type"]);
    expect(query).toMatchObject({ limit: 5, format: "csv", fields: ["name", "tags"] });
  });

  it("reports every problem at once, each naming its parameter", () => {
    const issues = issuesOf(
      "status=actve&limit=0&createdSince=2026-02-30&fields=nope&format=xml&sort=name:up&colour=red",
    );
    expect(issues.map((i) => i.param).sort()).toEqual([
      "colour",
      "createdSince",
      "fields",
      "format",
      "limit",
      "sort",
      "status",
    ]);
    expect(issues.find((i) => i.param === "colour")?.message).toMatch(/known: status, diskFormat/);
  });

  it("rejects repeats of a single-valued parameter but joins repeated lists", () => {
    expect(issuesOf("limit=1&limit=2")).toEqual([
      { param: "limit", message: "is given more than once" },
    ]);
    expect(parseImageQuery("status=active&status=queued").filters.status).toEqual(
      new Set(["active", "queued"]),
    );
  });

  it("bounds the input: query string, list length, glob length", () => {
    expect(issuesOf(`name=${"a".repeat(9000)}`)[0]?.param).toBe("query");
    expect(issuesOf(`id=${Array.from({ length: 101 }, (_, i) => i).join(",")}`)[0]?.param).toBe(
      "id",
    );
    expect(issuesOf(`name=${"*a".repeat(129)}`)[0]?.param).toBe("name");
    expect(issuesOf(`property=k:${"?".repeat(257)}`)[0]?.param).toBe("property");
  });

  it("splits a property filter at the first colon", () => {
    const [filter] = parseImageQuery("property=a:b:c*").filters.properties;
    expect(filter?.key).toBe("a");
    expect(filter?.value?.pattern).toBe("b:c*");
  });

  it("rejects empty values, empty property keys and unfinished escapes", () => {
    expect(issuesOf("status=").map((i) => i.param)).toEqual(["status"]);
    expect(issuesOf("status=active,").map((i) => i.param)).toEqual(["status"]);
    expect(issuesOf("property=:x").map((i) => i.param)).toEqual(["property"]);
    expect(issuesOf("name=abc\\").map((i) => i.param)).toEqual(["name"]);
  });

  it("requires a zone on times and real calendar dates", () => {
    expect(issuesOf("createdSince=2026-11-26T00:00:00").map((i) => i.param)).toEqual([
      "createdSince",
    ]);
    expect(issuesOf("updatedBefore=2026-13-01").map((i) => i.param)).toEqual(["updatedBefore"]);
  });
});

describe("cursors", () => {
  const images = fc
    .sample(imageArb, { numRuns: 30, seed: 4 })
    .map((image, i) => ({ ...image, id: `img-${String(i).padStart(2, "0")}` }));
  const first = runQuery(
    images,
    parseImageQuery(
      "sort=name&limit=3&status=active,queued,saving,killed,deleted,pending_delete,deactivated,uploading,importing",
    ),
  );
  const cursor = first.next as string;

  it("a cursor alone keeps the filters and sort it was made with", () => {
    const alone = parseImageQuery(`cursor=${cursor}`);
    const repeated = parseImageQuery(
      `cursor=${cursor}&sort=name&status=queued,active,saving,killed,deleted,pending_delete,deactivated,uploading,importing`,
    );
    expect(alone.canonical).toBe(repeated.canonical);
    expect(alone.sort).toEqual([{ field: "name", direction: "asc" }]);
    expect(alone.filters.status?.size).toBe(9);
  });

  it("a cursor with different filters or sort is a 400 on cursor", () => {
    expect(issuesOf(`cursor=${cursor}&sort=size`)).toEqual([
      { param: "cursor", message: expect.stringMatching(/different filters or sort/) },
    ]);
    expect(issuesOf(`cursor=${cursor}&status=active`)[0]?.param).toBe("cursor");
  });

  it("a cut, edited or foreign cursor is a 400 on cursor", () => {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
    const edited = Buffer.from(JSON.stringify({ ...decoded, i: "img-99" })).toString("base64url");
    for (const bad of [cursor.slice(0, -4), edited, "bm90IGEgY3Vyc29y", "%%%", "eyJ2IjoxfQ"]) {
      expect(issuesOf(`cursor=${encodeURIComponent(bad)}`)[0]?.param).toBe("cursor");
    }
  });

  it("an edited cursor with a recomputed checksum is only another position: every row still matches the filters", () => {
    // The checksum is unkeyed (docs/security.md): it catches cut and corrupted cursors, not a
    // deliberate edit. What an edit can do is start the page elsewhere in the same query.
    const query =
      "sort=name&limit=3&status=active,queued,saving,killed,deleted,pending_delete,deactivated,uploading,importing";
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString());
    const { h: _, ...body } = { ...decoded, k: [""], i: "img-00", r: "KR1" };
    const h = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16);
    const forged = Buffer.from(JSON.stringify({ ...body, h })).toString("base64url");
    const result = runQuery(images, parseImageQuery(`cursor=${forged}`));
    const all = runQuery(images, parseImageQuery(query.replace("limit=3", "limit=1000")));
    const allowed = new Set(all.images.map((image) => image.id));
    expect(result.images.length).toBeGreaterThan(0);
    for (const image of result.images) expect(allowed.has(image.id)).toBe(true);
    // The filters a forged cursor names are still checked against the request's.
    const otherFilters = Buffer.from(
      JSON.stringify({
        ...body,
        q: "status=active",
        h: createHash("sha256")
          .update(JSON.stringify({ ...body, q: "status=active" }))
          .digest("hex")
          .slice(0, 16),
      }),
    ).toString("base64url");
    expect(issuesOf(`cursor=${otherFilters}&${query}`)[0]?.param).toBe("cursor");
  });

  it("limit, fields and format may change between pages", () => {
    const next = parseImageQuery(`cursor=${cursor}&limit=7&fields=name&format=ndjson`);
    expect(next).toMatchObject({ limit: 7, fields: ["name"], format: "ndjson" });
  });
});
