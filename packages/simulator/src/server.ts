import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { compareCodePoints, type Image } from "@nhn-images/core";
import {
  type Fault,
  FaultPlan,
  type FaultRule,
  SIMULATOR_ROUTES,
  type SimulatorRoute,
} from "./faults.ts";
import { fixedImages, generatedImages, type ImageSource, idOrder } from "./image-source.ts";
import { toV1Image, toV2Image, v2Visibility } from "./render.ts";

/** The credentials the simulator accepts; anything else is refused the way NHN refuses it. */
export interface SimulatorCredentials {
  readonly appkey: string;
  readonly tenantId: string;
  readonly username: string;
  readonly password: string;
}

export const DEMO_CREDENTIALS: SimulatorCredentials = {
  appkey: "demo-appkey",
  tenantId: "demo-tenant",
  username: "demo@example.com",
  password: "demo-password",
};

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** A count of generated images (default 100), or exactly these images. */
  readonly images?: number | readonly Image[];
  /** Seed of the generated images (default 1). */
  readonly seed?: number;
  readonly faults?: readonly FaultRule[];
  readonly credentials?: Partial<SimulatorCredentials>;
  /** Lifetime of issued tokens (default 12 h, as NHN's). */
  readonly tokenTtlS?: number;
  /** The simulator's clock (token expiry), epoch ms. */
  readonly now?: () => number;
  /** Tokens accepted from the start, for v1 and v2, as if issued (like NHN_AUTH_TOKEN). */
  readonly staticTokens?: readonly string[];
}

export interface Simulator {
  /** Base URL: compute `url`, image `url`, identity `${url}/v2.0`. */
  readonly url: string;
  readonly faults: FaultPlan;
  /** Requests received per route since start (or the last `resetCounts`). */
  readonly counts: Record<SimulatorRoute, number>;
  /** Listings started (list requests without a `marker`), per API. */
  readonly listings: { v1: number; v2: number };
  resetCounts(): void;
  /**
   * The environment that points a consumer (core client, either function) at this simulator
   * with its credentials, as `loadConfig` reads it.
   */
  env(apiVersion?: "v1" | "v2"): Record<string, string>;
  /** Replaces the images served from the next request on. */
  setImages(images: number | readonly Image[]): void;
  close(): Promise<void>;
}

const GLANCE_SORT_KEYS = new Set([
  "name",
  "status",
  "container_format",
  "disk_format",
  "size",
  "id",
  "created_at",
  "updated_at",
]);
const GLANCE_VISIBILITIES = new Set(["public", "private", "shared", "community", "all"]);

/**
 * Starts a local NHN Cloud: Keystone v2 tokens, the v1 appkey API and Glance v2 images, on
 * one port, with faults injectable per request.
 *
 * @example
 * const sim = await startSimulator({ images: 2501, faults: [{ fault: { kind: "status", status: 503 }, times: 1 }] });
 * // NHN_COMPUTE_URL=sim.url NHN_IMAGE_URL=sim.url NHN_IDENTITY_URL=`${sim.url}/v2.0`
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const credentials = { ...DEMO_CREDENTIALS, ...options.credentials };
  const tokenTtlMs = (options.tokenTtlS ?? 12 * 3600) * 1000;
  const now = options.now ?? Date.now;
  const faults = new FaultPlan(options.faults);
  const counts = emptyCounts();
  const listings = { v1: 0, v2: 0 };
  const tokens = new Map<string, { expiresAt: number; scope: string }>();
  let source = toSource(options.images ?? 100, seed);
  for (const token of options.staticTokens ?? []) {
    tokens.set(`${token}`, { expiresAt: Number.POSITIVE_INFINITY, scope: "*" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: "simulator failure" });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const route = routeOf(req.method ?? "GET", url.pathname);
    if (route === null) {
      sendJson(res, 404, { error: { code: 404, title: "Not Found", message: "no such route" } });
      return;
    }
    counts[route.name]++;
    if (!url.searchParams.has("marker")) {
      if (route.name === "v1-images") listings.v1++;
      if (route.name === "v2-images") listings.v2++;
    }
    const active = faults.take(route.name);
    for (const fault of active) {
      if (fault.kind === "latency") await delay(fault.ms, res);
    }
    if (res.destroyed) return;
    const answer = await answerFor(route, req, url, active);
    await send(res, answer, active);
  }

  async function answerFor(
    route: Route,
    req: IncomingMessage,
    url: URL,
    active: readonly Fault[],
  ): Promise<Answer> {
    for (const fault of active) {
      switch (fault.kind) {
        case "status":
          return {
            status: fault.status,
            body: { error: { code: fault.status, message: "simulated failure" } },
          };
        case "rate-limit":
          return {
            status: 429,
            body: { error: { code: 429, message: "Too Many Requests" } },
            headers: { "retry-after": fault.retryAfter },
          };
        case "v1-failure":
          return v1Failure(fault.resultCode, fault.resultMessage ?? "simulated failure");
        case "expired-token": {
          const token = req.headers["x-auth-token"];
          if (typeof token === "string") tokens.delete(token);
          break;
        }
        default:
          break;
      }
    }
    switch (route.name) {
      case "identity":
        return issueKeystoneToken(await readJson(req));
      case "v1-token":
        return issueV1Token(route.appkey ?? "", await readJson(req));
      case "v1-images":
        return listV1(route.appkey ?? "", req, url);
      case "v2-images":
        return listV2(
          req,
          url,
          active.some((fault) => fault.kind === "ignore-sort"),
        );
      case "v2-image":
        return getV2(req, route.imageId ?? "");
    }
  }

  function issueToken(scope: string): { id: string; expires: string } {
    const id = randomBytes(16).toString("hex");
    const expiresAt = now() + tokenTtlMs;
    tokens.set(id, { expiresAt, scope });
    return { id, expires: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
  }

  /** "ok", "missing" (no or unknown token) or "expired". */
  function checkToken(req: IncomingMessage, scope: string): "ok" | "missing" | "expired" {
    const token = req.headers["x-auth-token"];
    if (typeof token !== "string") return "missing";
    const entry = tokens.get(token);
    if (entry === undefined || (entry.scope !== scope && entry.scope !== "*")) return "missing";
    if (now() >= entry.expiresAt) return "expired";
    return "ok";
  }

  function issueKeystoneToken(body: unknown): Answer {
    const auth = (
      body as {
        auth?: {
          tenantId?: unknown;
          passwordCredentials?: { username?: unknown; password?: unknown };
        };
      }
    )?.auth;
    const ok =
      auth?.tenantId === credentials.tenantId &&
      auth.passwordCredentials?.username === credentials.username &&
      auth.passwordCredentials?.password === credentials.password;
    if (!ok) return unauthorised();
    const token = issueToken(`v2:${credentials.tenantId}`);
    return {
      status: 200,
      body: {
        access: {
          token: {
            id: token.id,
            expires: token.expires,
            issued_at: new Date(now()).toISOString(),
            tenant: { id: credentials.tenantId, name: credentials.tenantId, enabled: true },
          },
          serviceCatalog: [],
          user: { id: "demo-user-id", username: credentials.username, roles: [{ name: "Member" }] },
          metadata: { roles: [], is_admin: 0 },
        },
      },
    };
  }

  function issueV1Token(appkey: string, body: unknown): Answer {
    const auth = (body as { auth?: { username?: unknown; password?: unknown } })?.auth;
    if (
      appkey !== credentials.appkey ||
      auth?.username !== credentials.username ||
      auth.password !== credentials.password
    ) {
      return v1Failure(-3, "permission denied");
    }
    const token = issueToken(`v1:${appkey}`);
    return { status: 200, body: { header: v1Success(), token } };
  }

  function listV1(appkey: string, req: IncomingMessage, url: URL): Answer {
    if (appkey !== credentials.appkey) return v1Failure(-3, "permission denied");
    const check = checkToken(req, `v1:${appkey}`);
    if (check === "missing") return v1Failure(-3, "permission denied");
    if (check === "expired") return v1Failure(50401, "token expired");
    const limitText = url.searchParams.get("limit");
    const markerId = url.searchParams.get("marker");
    let limit = source.count;
    if (limitText !== null) {
      if (!/^\d+$/.test(limitText) || Number(limitText) < 1)
        return v1Failure(-4, "invalid parameters: limit");
      limit = Number(limitText);
    }
    let start = 0;
    if (markerId !== null) {
      const position = source.indexOf(markerId);
      if (position === null) return v1Failure(-4, "invalid parameters: marker");
      start = position + 1;
    }
    const images: unknown[] = [];
    for (let i = start; i < source.count && images.length < limit; i++)
      images.push(toV1Image(source.at(i)));
    return { status: 200, body: { header: v1Success(), images } };
  }

  function listV2(req: IncomingMessage, url: URL, ignoreSort: boolean): Answer {
    const auth = v2Auth(req);
    if (auth !== null) return auth;
    const q = url.searchParams;
    const limitText = q.get("limit") ?? "25";
    if (!/^\d+$/.test(limitText)) return badRequest("Invalid limit value");
    const limit = Math.min(Number(limitText), 1000);
    const visibility = q.get("visibility");
    if (visibility !== null && !GLANCE_VISIBILITIES.has(visibility))
      return badRequest(`Invalid visibility value: ${visibility}`);
    const sortKey = (ignoreSort ? null : q.get("sort_key")) ?? "created_at";
    const sortDir = (ignoreSort ? null : q.get("sort_dir")) ?? "desc";
    if (!GLANCE_SORT_KEYS.has(sortKey)) return badRequest(`Invalid sort key: ${sortKey}`);
    if (sortDir !== "asc" && sortDir !== "desc")
      return badRequest(`Invalid sort direction: ${sortDir}`);
    for (const p of ["size_min", "size_max"]) {
      const value = q.get(p);
      if (value !== null && !/^\d+$/.test(value)) return badRequest(`Invalid ${p} value`);
    }
    const matches = glanceFilter(q);
    const markerId = q.get("marker");
    const page: Image[] = [];
    if (sortKey === "created_at" && sortDir === "desc") {
      // The source's own order: scan lazily from the marker, so a million images cost nothing.
      let start = 0;
      if (markerId !== null) {
        const position = source.indexOf(markerId);
        if (position === null) return notFound(`marker ${markerId} could not be found`);
        start = position + 1;
      }
      for (let i = start; i < source.count && page.length < limit; i++) {
        const image = source.at(i);
        if (matches(image)) page.push(image);
      }
    } else if (sortKey === "id") {
      // Id order from a per-source index, scanned lazily like the default order.
      const order = idOrder(source);
      const n = order.positions.length;
      let start = 0;
      if (markerId !== null) {
        if (source.indexOf(markerId) === null)
          return notFound(`marker ${markerId} could not be found`);
        const rank = lowerBound(order.ids, markerId);
        start = sortDir === "asc" ? rank + 1 : n - rank;
      }
      for (let k = start; k < n && page.length < limit; k++) {
        const image = source.at(order.positions[sortDir === "asc" ? k : n - 1 - k] as number);
        if (matches(image)) page.push(image);
      }
    } else {
      const all: Image[] = [];
      for (let i = 0; i < source.count; i++) {
        const image = source.at(i);
        if (matches(image)) all.push(image);
      }
      all.sort(glanceComparator(sortKey, sortDir));
      let start = 0;
      if (markerId !== null) {
        const position = all.findIndex((image) => image.id === markerId);
        if (position < 0) return notFound(`marker ${markerId} could not be found`);
        start = position + 1;
      }
      page.push(...all.slice(start, start + limit));
    }
    const body: Record<string, unknown> = {
      images: page.map(toV2Image),
      first: `/v2/images?${withoutMarker(q)}`,
      schema: "/v2/schemas/images",
    };
    const last = page.at(-1);
    if (page.length === limit && last !== undefined) {
      const next = new URLSearchParams(q);
      next.set("marker", last.id);
      next.set("limit", String(limit));
      body.next = `/v2/images?${next}`;
    }
    return { status: 200, body };
  }

  function getV2(req: IncomingMessage, id: string): Answer {
    const auth = v2Auth(req);
    if (auth !== null) return auth;
    const position = source.indexOf(id);
    if (position === null) return notFound(`No image found with ID ${id}`);
    return { status: 200, body: toV2Image(source.at(position)) };
  }

  function v2Auth(req: IncomingMessage): Answer | null {
    if (checkToken(req, `v2:${credentials.tenantId}`) === "ok") return null;
    return unauthorised();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  const url = `http://${host}:${address.port}`;
  return {
    url,
    faults,
    env: (apiVersion = "v1") => ({
      NHN_API_VERSION: apiVersion,
      NHN_APPKEY: credentials.appkey,
      NHN_TENANT_ID: credentials.tenantId,
      NHN_USERNAME: credentials.username,
      NHN_API_PASSWORD: credentials.password,
      NHN_COMPUTE_URL: url,
      NHN_IMAGE_URL: url,
      NHN_IDENTITY_URL: `${url}/v2.0`,
    }),
    counts,
    listings,
    resetCounts() {
      for (const name of SIMULATOR_ROUTES) counts[name] = 0;
      listings.v1 = 0;
      listings.v2 = 0;
    },
    setImages(images) {
      source = toSource(images, seed);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Route {
  readonly name: SimulatorRoute;
  readonly appkey?: string;
  readonly imageId?: string;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

function routeOf(method: string, path: string): Route | null {
  if (method === "POST" && /^\/v2\.0\/tokens\/?$/.test(path)) return { name: "identity" };
  let m = /^\/v1\.0\/appkeys\/([^/]+)\/tokens\/?$/.exec(path);
  if (method === "POST" && m)
    return { name: "v1-token", appkey: decodeURIComponent(m[1] as string) };
  m = /^\/v1\.0\/appkeys\/([^/]+)\/images\/?$/.exec(path);
  if (method === "GET" && m)
    return { name: "v1-images", appkey: decodeURIComponent(m[1] as string) };
  if (method === "GET" && /^\/v2\/images\/?$/.test(path)) return { name: "v2-images" };
  m = /^\/v2\/images\/([^/]+)$/.exec(path);
  if (method === "GET" && m)
    return { name: "v2-image", imageId: decodeURIComponent(m[1] as string) };
  return null;
}

function toSource(images: number | readonly Image[], seed: number): ImageSource {
  return typeof images === "number" ? generatedImages(images, seed) : fixedImages(images);
}

function emptyCounts(): Record<SimulatorRoute, number> {
  return Object.fromEntries(SIMULATOR_ROUTES.map((name) => [name, 0])) as Record<
    SimulatorRoute,
    number
  >;
}

function glanceFilter(q: URLSearchParams): (image: Image) => boolean {
  const name = q.get("name");
  const statusParam = q.get("status");
  const statuses =
    statusParam === null ? null : new Set(statusParam.replace(/^in:/, "").split(","));
  const visibility = q.get("visibility");
  const owner = q.get("owner");
  const sizeMin = q.get("size_min") === null ? null : Number(q.get("size_min"));
  const sizeMax = q.get("size_max") === null ? null : Number(q.get("size_max"));
  return (image) => {
    if (name !== null && image.name !== name) return false;
    if (statuses !== null && !statuses.has(image.status)) return false;
    const v = v2Visibility(image);
    // Glance lists community images only when asked for them (or for all).
    if (visibility === null ? v === "community" : visibility !== "all" && v !== visibility)
      return false;
    if (owner !== null && (image.isPublic ? "nhn-public" : "demo-tenant") !== owner) return false;
    if (sizeMin !== null && (image.size === null || image.size < sizeMin)) return false;
    if (sizeMax !== null && (image.size === null || image.size > sizeMax)) return false;
    return true;
  };
}

function glanceComparator(sortKey: string, sortDir: string): (a: Image, b: Image) => number {
  const field: Record<string, (image: Image) => string | number | null> = {
    name: (i) => i.name,
    status: (i) => i.status,
    container_format: (i) => (i.diskFormat === null ? null : "bare"),
    disk_format: (i) => i.diskFormat,
    size: (i) => i.size,
    id: (i) => i.id,
    created_at: (i) => i.createdAt,
    updated_at: (i) => i.updatedAt,
  };
  const read = field[sortKey] ?? ((i: Image) => i.createdAt);
  const sign = sortDir === "asc" ? 1 : -1;
  return (a, b) => {
    const x = read(a);
    const y = read(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign;
  };
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
  return copy.toString();
}

function v1Success() {
  return { isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" };
}

function v1Failure(resultCode: number, resultMessage: string): Answer {
  return { status: 200, body: { header: { isSuccessful: false, resultCode, resultMessage } } };
}

/** Keystone's and Glance's 401. */
function unauthorised(): Answer {
  return {
    status: 401,
    body: {
      error: {
        code: 401,
        title: "Unauthorized",
        message: "The request you have made requires authentication.",
      },
    },
  };
}

function badRequest(message: string): Answer {
  return { status: 400, body: { error: { code: 400, title: "Bad Request", message } } };
}

function notFound(message: string): Answer {
  return { status: 404, body: { error: { code: 404, title: "Not Found", message } } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  }
}

function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function send(res: ServerResponse, answer: Answer, active: readonly Fault[]): Promise<void> {
  if (active.some((f) => f.kind === "reset")) {
    res.socket?.destroy();
    return;
  }
  const malformed = active.some((f) => f.kind === "malformed-json");
  const text = malformed
    ? '{"header": {"isSuccessful": true, "resultCode": 0,, "images": ['
    : JSON.stringify(answer.body);
  const body = Buffer.from(text, "utf8");
  res.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(body.length),
    ...answer.headers,
  });
  if (active.some((f) => f.kind === "truncated-body")) {
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
    return;
  }
  const drip = active.find((f) => f.kind === "drip-body");
  if (drip !== undefined) {
    const step = drip.chunkBytes ?? 16;
    for (let offset = 0; offset < body.length && !res.destroyed; offset += step) {
      res.write(body.subarray(offset, offset + step));
      await delay(drip.chunkDelayMs, res);
    }
    res.end();
    return;
  }
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}
