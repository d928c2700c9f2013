import { IMAGE_QUERY_PARAMETERS } from "@nhn-images/core";

const QUERY_PARAMETER_NAMES = Object.keys(IMAGE_QUERY_PARAMETERS);

import { type Simulator, startSimulator } from "@nhn-images/simulator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, restApiEvent } from "./helpers.ts";

/** `pnpm fuzz` sets FUZZ_RUNS=100000; `pnpm test` runs a short pass. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

let sim: Simulator;
let handler: ReturnType<typeof handlerFor>["handler"];
let realCursor = "";
beforeAll(async () => {
  sim = await startSimulator({ images: 120, seed: 3 });
  handler = handlerFor(sim, "v1", { IMAGES_CACHE_TTL_S: "86400" }).handler;
  const first = await handler(httpApiEvent("/images?limit=2&sort=name"));
  realCursor = JSON.parse(first.body).page.next;
});
afterAll(() => sim.close());

const unicode = fc.string({ unit: "grapheme", maxLength: 12 });
const separators = fc.constantFrom(
  ",",
  ",,",
  ":",
  "::",
  "&",
  "=",
  "%",
  "%2",
  "%zz",
  "%E0%A4%A",
  "%00",
  "%2C",
  "*",
  "?",
  "\\",
  "+",
  " ",
);
const value = fc.oneof(
  fc.string({ maxLength: 20 }),
  unicode,
  fc.constant(""),
  fc
    .array(fc.oneof(separators, fc.string({ maxLength: 4 })), { maxLength: 8 })
    .map((parts) => parts.join("")),
  fc.constantFrom(
    "active",
    "qcow2",
    "public",
    "true",
    "20",
    "name:desc",
    "id,name",
    "ndjson",
    "csv",
    "2026-11-26",
    "2026-02-30",
  ),
  fc.integer().map(String),
  fc.nat({ max: 20_000 }).map((n) => "a*".repeat(n % 3000)),
  fc.nat({ max: 12_000 }).map((n) => "x".repeat(n)),
);
const cursor = fc.oneof(
  fc.constant(() => realCursor),
  fc.nat({ max: 200 }).map((n) => () => realCursor.slice(0, n)),
  fc.base64String({ maxLength: 200 }).map((s) => () => s.replaceAll("+", "-").replaceAll("/", "_")),
  fc.json().map((j) => () => Buffer.from(j).toString("base64url")),
  fc
    .record({
      v: fc.constant(1),
      q: fc.string(),
      k: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
      i: fc.string(),
      h: fc.stringMatching(/^[0-9a-f]{16}$/),
    })
    .map((o) => () => Buffer.from(JSON.stringify(o)).toString("base64url")),
);
const key = fc.oneof(
  fc.constantFrom(...QUERY_PARAMETER_NAMES),
  fc.string({ maxLength: 10 }),
  unicode,
);
const validPair = fc.constantFrom(
  "status=active",
  "limit=5",
  "sort=name:desc,size",
  "fields=name",
  "format=csv",
  "name=*u*",
  "property=os_type",
  "visibility=private",
  "fitsDisk=20",
  "createdSince=2026-01-01",
  "format=ndjson",
);
const pair = fc.oneof(
  { arbitrary: validPair.map((p) => () => p), weight: 3 },
  fc.tuple(key, value, fc.boolean()).map(
    ([k, v, encode]) =>
      () =>
        `${encode ? encodeURIComponent(k) : k}=${encode ? encodeURIComponent(v) : v}`,
  ),
  cursor.map((c) => () => `cursor=${encodeURIComponent(c())}`),
  key.map((k) => () => k),
);
const queryString = fc
  .array(pair, { maxLength: 12 })
  .map((pairs) => () => pairs.map((p) => p()).join("&"));
const headers = fc.record(
  {
    accept: fc.oneof(
      fc.constantFrom("text/csv", "application/x-ndjson", "*/*", "image/png", "text/*;q=0", ""),
      fc.string(),
    ),
    "if-none-match": fc.oneof(fc.constant("*"), fc.string()),
  },
  { requiredKeys: [] },
);

describe("fuzzing GET /images", () => {
  it(`answers any query with 200, 304, 400, 404 or 406 and never throws (${RUNS} cases)`, async () => {
    const durations: number[] = [];
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(queryString, headers, fc.boolean(), async (query, hdrs, rest) => {
        const qs = query();
        const event = rest
          ? restApiEvent(`/images?${qs}`, { headers: hdrs })
          : httpApiEvent(`/images?${qs}`, { headers: hdrs });
        if (rest) {
          // REST events carry decoded values; a malformed escape is passed through as text.
          event.multiValueQueryStringParameters = null;
          event.queryStringParameters = Object.fromEntries(new URLSearchParams(qs));
        }
        const started = performance.now();
        const response = await handler(event);
        durations.push(performance.now() - started);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        expect([200, 304, 400, 404, 406]).toContain(response.statusCode);
        if (response.statusCode >= 400) {
          expect(response.headers["content-type"]).toBe("application/problem+json");
          const problem = JSON.parse(response.body);
          expect(problem.status).toBe(response.statusCode);
          if (response.statusCode === 400) expect(problem.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
    durations.sort((a, b) => a - b);
    const median = durations[durations.length >> 1] as number;
    const max = durations.at(-1) as number;
    console.log(
      `fuzz: ${RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}, median ${median.toFixed(3)} ms, max ${max.toFixed(1)} ms`,
    );
    // No case may take orders of magnitude longer than the typical one (a backtracking regex
    // or a quadratic loop would): a ratio, so the machine's speed does not matter.
    expect(max / Math.max(median, 0.05)).toBeLessThan(2000);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  }, 3_600_000);
});
