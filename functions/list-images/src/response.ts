import { createHash } from "node:crypto";
import {
  csvColumns,
  csvHeader,
  csvRow,
  type ImageQuery,
  type OutputFormat,
  type QueryResult,
} from "@nhn-images/core";
import type { Problem } from "./problem.ts";

/**
 * Each cached image's JSON, made once per container: the upstream list is immutable while
 * cached, and serialising the page was the largest cost of a warm request (measured).
 * Projected images are fresh objects, so they miss and are serialised as usual.
 */
const imageJson = new WeakMap<object, string>();

function toJson(image: object): string {
  let text = imageJson.get(image);
  if (text === undefined) {
    text = JSON.stringify(image);
    imageJson.set(image, text);
  }
  return text;
}

/** What the handler returns; both API Gateway payload versions accept this shape. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

const CONTENT_TYPES: Record<OutputFormat, string> = {
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
};

/** Where a page of images came from: the live API, or a snapshot of the inventory (`asOf`). */
export type PageSource =
  | {
      readonly api: string;
      readonly regions: readonly string[];
      readonly fetchedAt: string;
      readonly cached: boolean;
    }
  | {
      readonly snapshotDate: string;
      readonly manifestKey: string;
      readonly api: string;
      readonly regions: readonly string[];
    };

/**
 * Renders a page of images. The ETag hashes what the page holds (images, `matched`, `next`,
 * format), not `source`, so every warm container answers 304 while the data is unchanged.
 */
export function renderPage(
  result: QueryResult,
  query: ImageQuery,
  format: OutputFormat,
  source: PageSource,
  cacheControl: string,
  usage = false,
): HttpResponse {
  return renderRows(
    format,
    result.images,
    { limit: query.limit, ...result },
    {
      json: (images, page) => ({
        body: `{"images":${images},"page":${page},"source":${JSON.stringify(source)}}`,
        etagInput: `json\n${images}\n${page}`,
      }),
      csv: { columns: csvColumns(query.fields, usage) },
      cacheControl,
    },
  );
}

/** A page's paging figures, as `page` of every JSON answer. */
export interface PageFigures {
  readonly limit: number;
  readonly matched: number;
  readonly next: string | null;
}

/**
 * Renders one page of rows in a format: JSON (the route's envelope around the rows and `page`),
 * NDJSON (a row per line) or CSV, the last two with `X-Total-Count` and `X-Next-Cursor`. The
 * strong ETag hashes what the page holds.
 */
export function renderRows<Row extends object>(
  format: OutputFormat,
  rows: readonly Row[],
  figures: PageFigures,
  render: {
    /** The JSON body around the rows' and the page's JSON, and what its ETag hashes (the body). */
    readonly json: (rows: string, page: string) => { body: string; etagInput?: string };
    /** The CSV columns, and the record a row is read as (the row itself by default). */
    readonly csv: {
      readonly columns: readonly string[];
      readonly record?: (row: Row) => Record<string, unknown>;
    };
    readonly cacheControl: string;
    /** Snapshots the answer walked over (NDJSON and CSV say so in `X-Skipped-Snapshots`). */
    readonly skipped?: readonly { readonly snapshotDate: string }[];
  },
): HttpResponse {
  let body: string;
  let etagInput: string;
  const headers: Record<string, string> = {
    "content-type": CONTENT_TYPES[format],
    "cache-control": render.cacheControl,
    vary: "Accept",
  };
  if (format === "json") {
    const { limit, matched, next } = figures;
    const json = render.json(
      `[${rows.map(toJson).join(",")}]`,
      JSON.stringify({ limit, matched, next }),
    );
    body = json.body;
    etagInput = json.etagInput ?? `json\n${body}`;
  } else {
    body =
      format === "ndjson"
        ? rows.map((row) => `${toJson(row)}\n`).join("")
        : csvBody(rows, render.csv);
    headers["x-total-count"] = String(figures.matched);
    if (figures.next !== null) headers["x-next-cursor"] = figures.next;
    const skipped = (render.skipped ?? []).map((entry) => entry.snapshotDate).join(",");
    if (skipped !== "") headers["x-skipped-snapshots"] = skipped;
    etagInput = `${format}\n${figures.matched}\n${figures.next ?? ""}\n${skipped}\n${body}`;
  }
  headers.etag = strongEtag(etagInput);
  return { statusCode: 200, headers, body, isBase64Encoded: false };
}

/** A CSV body: the header row, then each row as its record. */
function csvBody<Row extends object>(
  rows: readonly Row[],
  {
    columns,
    record,
  }: { columns: readonly string[]; record?: (row: Row) => Record<string, unknown> },
): string {
  const read = record ?? ((row: Row) => row as Record<string, unknown>);
  return csvHeader(columns) + rows.map((row) => csvRow(read(row), columns)).join("");
}

/** A JSON document with a strong ETag (one image, the OpenAPI document). */
export function renderJson(
  value: unknown,
  cacheControl: string,
  contentType = CONTENT_TYPES.json,
): HttpResponse {
  const body = JSON.stringify(value);
  return {
    statusCode: 200,
    headers: { "content-type": contentType, "cache-control": cacheControl, etag: strongEtag(body) },
    body,
    isBase64Encoded: false,
  };
}

export function renderProblem(
  problem: Problem,
  extraHeaders: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode: problem.status,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": "no-store",
      ...extraHeaders,
    },
    body: JSON.stringify(problem),
    isBase64Encoded: false,
  };
}

/**
 * `If-None-Match` against our ETag (weak comparison, as RFC 9110 requires for it): the
 * response becomes a 304 with the same validators and no body.
 */
export function notModifiedIfMatching(
  response: HttpResponse,
  ifNoneMatch: string | undefined,
): HttpResponse {
  if (ifNoneMatch === undefined || response.statusCode !== 200) return response;
  const etag = response.headers.etag;
  if (etag === undefined) return response;
  const tags = ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  if (!tags.includes("*") && !tags.includes(etag)) return response;
  const headers: Record<string, string> = { etag };
  for (const name of ["cache-control", "vary", "content-type"]) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return { statusCode: 304, headers, body: "", isBase64Encoded: false };
}

function strongEtag(input: string): string {
  return `"${createHash("sha256").update(input).digest("base64url").slice(0, 32)}"`;
}
