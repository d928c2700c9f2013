import type { IncomingMessage } from "node:http";
import { compareCodePoints } from "@nhn-images/core";
import { type Answer, badRequest, notFound, unauthorised } from "./http.ts";
import { idOrder, type RegionImages } from "./image-source.ts";
import { toV2Image } from "./render.ts";
import type { SimulatorImage } from "./simulated-image.ts";
import type { TokenStore } from "./tokens.ts";
import { glanceLists, glanceShows } from "./visibility.ts";

/*
 * Glance v2 as NHN documents it (Compute-Image `ko/public-api.md`): `GET /v2/images` with
 * `limit`, `marker`, `name`, `visibility`, `owner`, `status`, `size_min`, `size_max`, `sort_key`,
 * `sort_dir`, `member_status` and Glance's `os_hidden`, answering `{images, schema, first, next}`; `GET /v2/images/{id}`.
 * `limit` defaults to 100 and is capped at 1,000 (Compute release notes, 2026-05-27).
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const SORT_KEYS = new Set([
  "name",
  "status",
  "container_format",
  "disk_format",
  "size",
  "id",
  "created_at",
  "updated_at",
]);
const VISIBILITIES = new Set(["public", "private", "shared", "community", "all"]);
const MEMBER_STATUSES = new Set(["accepted", "pending", "rejected", "all"]);

/** The project of a request's v2 token, or the answer that refuses it. */
export function projectOf(req: IncomingMessage, tokens: TokenStore): string | Answer {
  return tokens.projectOf(req.headers["x-auth-token"]) ?? unauthorised();
}

export function listV2Images(
  req: IncomingMessage,
  url: URL,
  tokens: TokenStore,
  source: RegionImages,
  options: { readonly ignoreSort: boolean; readonly ignoreMarker?: boolean },
): Answer {
  const project = projectOf(req, tokens);
  if (typeof project !== "string") return project;
  const q = url.searchParams;
  const limitText = q.get("limit") ?? String(DEFAULT_LIMIT);
  if (!/^\d+$/.test(limitText)) return badRequest("Invalid limit value");
  const limit = Math.min(Number(limitText), MAX_LIMIT);
  const visibility = q.get("visibility");
  if (visibility !== null && !VISIBILITIES.has(visibility))
    return badRequest(`Invalid visibility value: ${visibility}`);
  const memberStatus = q.get("member_status");
  if (memberStatus !== null && !MEMBER_STATUSES.has(memberStatus))
    return badRequest(`Invalid status value: ${memberStatus}`);
  const sortKey = (options.ignoreSort ? null : q.get("sort_key")) ?? "created_at";
  const sortDir = (options.ignoreSort ? null : q.get("sort_dir")) ?? "desc";
  if (!SORT_KEYS.has(sortKey)) return badRequest(`Invalid sort key: ${sortKey}`);
  if (sortDir !== "asc" && sortDir !== "desc")
    return badRequest(`Invalid sort direction: ${sortDir}`);
  for (const p of ["size_min", "size_max"]) {
    const value = q.get(p);
    if (value !== null && !/^\d+$/.test(value)) return badRequest(`Invalid ${p} value`);
  }
  const hiddenText = q.get("os_hidden");
  if (hiddenText !== null && !/^(true|false)$/i.test(hiddenText))
    return badRequest(
      `Invalid value '${hiddenText}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`,
    );
  const scope = { project, visibility, memberStatus, hidden: hiddenText?.toLowerCase() === "true" };
  const filter = glanceFilter(q);
  const matches = (image: SimulatorImage | null): image is SimulatorImage =>
    image !== null && glanceLists(image, scope) && filter(image);
  const marker = options.ignoreMarker === true ? null : q.get("marker");
  const markerPosition = marker === null ? null : source.positionOf(marker);
  if (marker !== null && markerPosition === null)
    return badRequest(`Invalid marker. Image ${marker} could not be found.`);

  const page: SimulatorImage[] = [];
  if (sortKey === "created_at" && sortDir === "desc") {
    // The source's own order: scan lazily from the marker, so a million images cost nothing.
    const start = markerPosition === null ? 0 : markerPosition + 1;
    for (let p = start; p < source.positions && page.length < limit; p++) {
      const image = source.at(p);
      if (matches(image)) page.push(image);
    }
  } else if (sortKey === "id") {
    // Id order from a per-source index, scanned lazily like the default order.
    const order = idOrder(source);
    const n = order.positions.length;
    let start = 0;
    if (marker !== null) {
      const rank = lowerBound(order.ids, marker);
      start = sortDir === "asc" ? rank + 1 : n - rank;
    }
    for (let k = start; k < n && page.length < limit; k++) {
      const image = source.at(order.positions[sortDir === "asc" ? k : n - 1 - k] as number);
      if (matches(image)) page.push(image);
    }
  } else {
    const all: SimulatorImage[] = [];
    for (let p = 0; p < source.positions; p++) {
      const image = source.at(p);
      if (matches(image)) all.push(image);
    }
    all.sort(glanceComparator(sortKey, sortDir));
    const start = marker === null ? 0 : all.findIndex((image) => image.id === marker) + 1;
    page.push(...all.slice(start, start + limit));
  }

  const body: Record<string, unknown> = {
    images: page.map(toV2Image),
    schema: "/v2/schemas/images",
    first: `/v2/images${withoutMarker(q)}`,
  };
  const last = page.at(-1);
  if (page.length === limit && last !== undefined) {
    const next = new URLSearchParams(q);
    next.set("marker", last.id);
    body.next = `/v2/images?${next}`;
  }
  return { status: 200, body };
}

/** `GET /v2/images/{id}`: one image the project can see, else Glance's 404. */
export function getV2Image(
  req: IncomingMessage,
  id: string,
  tokens: TokenStore,
  source: RegionImages,
): Answer {
  const project = projectOf(req, tokens);
  if (typeof project !== "string") return project;
  const position = source.positionOf(id);
  const image = position === null ? null : source.at(position);
  if (image === null || !glanceShows(image, project))
    return notFound(`No image found with ID ${id}`);
  return { status: 200, body: toV2Image(image) };
}

/** Glance's `name`, `status` (one, or `in:a,b`), `owner`, `size_min` and `size_max` filters. */
function glanceFilter(q: URLSearchParams): (image: SimulatorImage) => boolean {
  const name = q.get("name");
  const statusParam = q.get("status");
  const statuses =
    statusParam === null ? null : new Set(statusParam.replace(/^in:/, "").split(","));
  const owner = q.get("owner");
  const sizeMin = q.get("size_min") === null ? null : Number(q.get("size_min"));
  const sizeMax = q.get("size_max") === null ? null : Number(q.get("size_max"));
  return (image) => {
    if (name !== null && image.name !== name) return false;
    if (statuses !== null && !statuses.has(image.status)) return false;
    if (owner !== null && image.owner !== owner) return false;
    if (sizeMin !== null && (image.size === null || image.size < sizeMin)) return false;
    if (sizeMax !== null && (image.size === null || image.size > sizeMax)) return false;
    return true;
  };
}

function glanceComparator(
  sortKey: string,
  sortDir: string,
): (a: SimulatorImage, b: SimulatorImage) => number {
  const field: Record<string, (image: SimulatorImage) => string | number | null> = {
    name: (i) => i.name,
    status: (i) => i.status,
    container_format: (i) => (i.diskFormat === null ? null : "bare"),
    disk_format: (i) => i.diskFormat,
    size: (i) => i.size,
    id: (i) => i.id,
    created_at: (i) => i.createdAt,
    updated_at: (i) => i.updatedAt,
  };
  const read = field[sortKey] ?? ((i: SimulatorImage) => i.createdAt);
  const sign = sortDir === "asc" ? 1 : -1;
  const compare = (x: string | number | null, y: string | number | null) => {
    if (x === y) return 0;
    // SQL's order, as Glance's database sorts: null before every value.
    if (x === null) return -sign;
    if (y === null) return sign;
    return (x < y ? -1 : 1) * sign;
  };
  // Glance appends created_at and id to the sort keys, in the same direction.
  return (a, b) =>
    compare(read(a), read(b)) ||
    compare(a.createdAt, b.createdAt) ||
    compareCodePoints(a.id, b.id) * sign;
}

/** The first position in sorted `ids` not before `id`. */
function lowerBound(ids: readonly string[], id: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareCodePoints(ids[mid] as string, id) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function withoutMarker(q: URLSearchParams): string {
  const copy = new URLSearchParams(q);
  copy.delete("marker");
  const text = copy.toString();
  return text === "" ? "" : `?${text}`;
}
