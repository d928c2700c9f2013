import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Image, REGIONS, type Region } from "@nhn-images/core";
import { type EstateOptions, generateEstate, NKS_REGIONS, type RegionEstate } from "./estate.ts";
import {
  type Fault,
  FaultPlan,
  type FaultRule,
  SIMULATOR_ROUTES,
  type SimulatorRoute,
} from "./faults.ts";
import {
  type Answer,
  delay,
  faultAnswer,
  notFound,
  openStackError,
  readJson,
  send,
} from "./http.ts";
import { issueKeystoneToken, usageServiceUrl } from "./identity.ts";
import { ImageEdits } from "./image-edits.ts";
import { fixedImages, generatedImages, type RegionImages } from "./image-source.ts";
import { DEMO_CREDENTIALS, DEMO_PROJECT, type SimulatorCredentials } from "./projects.ts";
import { imageOf, type SimulatorImage, v1ImageOf } from "./simulated-image.ts";
import { TokenStore } from "./tokens.ts";
import {
  listClusters,
  listNodeGroups,
  listServersDetail,
  listVolumesDetail,
  type UsageRequest,
} from "./usage-apis.ts";
import { issueV1Token, listV1Images, type V1Paging, v1Failure } from "./v1-api.ts";
import { getV2Image, listV2Images } from "./v2-api.ts";
import { addV2ImageTag, deleteV2Image, removeV2ImageTag } from "./v2-image-writes.ts";
import { glanceShows, v1Lists } from "./visibility.ts";

/**
 * What the simulator's command lines accept (`pnpm --filter @nhn-images/simulator start`,
 * `nhn-images simulator`, `DEV_IMAGES`): images are generated lazily, so ten million per region
 * cost no memory; later days replay every day before them, so far days cost time.
 */
export const SIMULATOR_LIMITS = {
  port: 65_535,
  images: 10_000_000,
  seed: Number.MAX_SAFE_INTEGER,
  day: 100_000,
} as const;

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * A count of generated images per region (default 100), or exactly these images (each in its
   * `region`; a shared one may name its `members`).
   */
  readonly images?: number | readonly SimulatorImage[];
  /** Seed of the generated images (default 1). */
  readonly seed?: number;
  /** The simulated day of the generated images (default 0): each day adds, removes and changes some. */
  readonly day?: number;
  readonly faults?: readonly FaultRule[];
  readonly credentials?: Partial<SimulatorCredentials>;
  /** Lifetime of issued tokens (default 12 h, as the Keystone example's). */
  readonly tokenTtlS?: number;
  /** The simulator's clock (token expiry), epoch ms. */
  readonly now?: () => number;
  /** Tokens accepted from the start, for v1 and v2 (the demo project), as if issued. */
  readonly staticTokens?: readonly string[];
  /**
   * The servers, volumes and NKS clusters each region runs (generated from the region's images
   * and the day), which the usage APIs serve.
   */
  readonly estate?: EstateOptions;
  /**
   * Image endpoints the service catalog names instead of the simulator's own Glance, per region:
   * a real Glance behind a gateway that maps these tokens to their projects
   * ({@link Simulator.projectOfToken}).
   */
  readonly imageEndpoints?: Partial<Record<Region, string>>;
  /** How the v1 listing pages (default: from the marker, as the guide says; no cap). */
  readonly v1Paging?: V1Paging;
}

export interface Simulator {
  /** Base URL: compute (v1) and identity (`${url}/v2.0`); KR1's Glance too. */
  readonly url: string;
  readonly faults: FaultPlan;
  /** Requests received per route since start (or the last `resetCounts`). */
  readonly counts: Record<SimulatorRoute, number>;
  /** Listings started (list requests without a `marker`), per API and, for v2, per region. */
  readonly listings: { v1: number; v2: number; v2ByRegion: Record<Region, number> };
  resetCounts(): void;
  /** Every token issued (and accepted) so far: what a test checks never leaked. */
  issuedTokens(): string[];
  /**
   * The project a Keystone token it issued is scoped to, while it is valid; null otherwise. What
   * keystonemiddleware asks Keystone in front of a real Glance.
   */
  projectOfToken(token: string): string | null;
  /**
   * The environment that points a consumer (core client, either function, the CLI) at this
   * simulator with the demo login, as `loadConfig` reads it. Over v2 the image endpoints come
   * from the service catalog.
   */
  env(apiVersion?: "v1" | "v2"): Record<string, string>;
  /** Replaces the images served from the next request on (what writes changed is forgotten). */
  setImages(images: number | readonly SimulatorImage[]): void;
  /** Moves the generated images (and the estate) to another simulated day. */
  setDay(day: number): void;
  /** What a region runs today: the servers, volumes and clusters its usage APIs serve. */
  estate(region: Region): RegionEstate;
  /**
   * Makes a region run exactly `estate` from the next request on (null: the generated estate
   * again): tests decide which images are in use.
   */
  setEstate(region: Region, estate: RegionEstate | null): void;
  /**
   * What a complete listing by the client gets: over v2 every image the project can use in the
   * region (`visibility=all`, `member_status=all`), over v1 the appkey's KR1 images as v1 shows
   * them; in Glance's default order, as Images.
   */
  listable(options?: { api?: "v1" | "v2"; region?: Region; project?: string }): Image[];
  close(): Promise<void>;
}

/**
 * Starts a local NHN Cloud: Keystone v2 tokens with a service catalog, the v1 appkey API and
 * Glance v2 in every region, on one port, answering in the shapes of NHN's documents, with
 * faults injectable per request.
 *
 * @example
 * const sim = await startSimulator({ images: 2501, faults: [{ fault: { kind: "status", status: 503 }, times: 1 }] });
 * const env = sim.env("v2"); // NHN_IDENTITY_URL, NHN_TENANT_ID, NHN_USERNAME, NHN_API_PASSWORD
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const credentials = { ...DEMO_CREDENTIALS, ...options.credentials };
  const faults = new FaultPlan(options.faults);
  const counts = emptyCounts();
  const listings = { v1: 0, v2: 0, v2ByRegion: emptyRegionCounts() };
  const tokens = new TokenStore(
    options.now ?? Date.now,
    (options.tokenTtlS ?? 12 * 3600) * 1000,
    DEMO_PROJECT.id,
  );
  for (const token of options.staticTokens ?? []) tokens.accept(token);
  let images = options.images ?? 100;
  let day = options.day ?? 0;
  // What the API's writes changed: kept across days, as upstream keeps them.
  const edits = new ImageEdits();
  let sources = edits.overAll(regionSources(images, seed, day));
  const estates = new Map<Region, RegionEstate>();
  const givenEstates = new Map<Region, RegionEstate>();
  const estateOf = (region: Region) => {
    const given = givenEstates.get(region);
    if (given !== undefined) return given;
    let estate = estates.get(region);
    if (estate === undefined) {
      estate = generateEstate(
        seed,
        day,
        region,
        sources.get(region) as RegionImages,
        options.estate,
      );
      estates.set(region, estate);
    }
    return estate;
  };
  let baseUrl = "";

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        void send(res, { status: 500, body: { error: "simulator failure" } }, []);
      else res.destroy();
    });
  });
  // Node's default. A shorter one is no kindness: undici takes a second off the server's hint
  // (`Keep-Alive: timeout=1`), so at 1 s it closed every connection after one answer — each
  // request a new connection, as no Glance behind NHN's gateway makes a client pay.
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator.local");
    const route = routeOf(req.method ?? "GET", url.pathname);
    if (route === null) {
      await send(res, notFound("no such route"), []);
      return;
    }
    counts[route.name]++;
    if (!url.searchParams.has("marker")) {
      if (route.name === "v1-images") listings.v1++;
      if (route.name === "v2-images") {
        listings.v2++;
        listings.v2ByRegion[route.region]++;
      }
    }
    const regional = route.name !== "identity" && !route.name.startsWith("v1-");
    const active = faults.take(route.name, regional ? route.region : null);
    for (const fault of active) if (fault.kind === "latency") await delay(fault.ms, res);
    if (res.destroyed) return;
    await send(res, await answerFor(route, req, url, active), active);
  }

  async function answerFor(
    route: Route,
    req: IncomingMessage,
    url: URL,
    active: readonly Fault[],
  ): Promise<Answer> {
    for (const fault of active) {
      const replaced = faultAnswer(fault);
      if (replaced !== null) return replaced;
      if (fault.kind === "expired-token") tokens.expire(req.headers["x-auth-token"]);
    }
    const echo = active.find((fault) => fault.kind === "echo-secret");
    if (echo !== undefined) return echoedSecret(route, req, credentials, echo.via);
    const source = sources.get(route.region) as RegionImages;
    const ignoreMarker = active.some((fault) => fault.kind === "loop-paging");
    switch (route.name) {
      case "identity":
        return issueKeystoneToken(
          await readJson(req),
          credentials,
          tokens,
          baseUrl,
          options.imageEndpoints,
        );
      case "v1-token":
        return issueV1Token(route.appkey, await readJson(req), credentials, tokens);
      case "v1-images":
        return listV1Images(route.appkey, req, url, credentials, tokens, source, {
          ignoreMarker,
          paging: options.v1Paging,
        });
      case "v2-images":
        return listV2Images(req, url, tokens, source, {
          ignoreSort: active.some((fault) => fault.kind === "ignore-sort"),
          ignoreMarker,
        });
      case "v2-image":
        return getV2Image(req, route.imageId, tokens, source);
      case "v2-image-tag": {
        const write = { req, tokens, source, edits, region: route.region, imageId: route.imageId };
        return route.method === "PUT"
          ? addV2ImageTag(write, route.tag)
          : removeV2ImageTag(write, route.tag);
      }
      case "v2-image-delete":
        return deleteV2Image({
          req,
          tokens,
          source,
          edits,
          region: route.region,
          imageId: route.imageId,
        });
      case "servers":
      case "volumes":
      case "clusters":
      case "nodegroups":
        return answerUsage(route, req, url, ignoreMarker);
    }
  }

  function answerUsage(route: UsageRoute, req: IncomingMessage, url: URL, ignoreMarker: boolean) {
    const service =
      route.name === "servers"
        ? "compute"
        : route.name === "volumes"
          ? "block-storage"
          : "kubernetes";
    const request: UsageRequest = {
      req,
      url,
      tokens,
      estate: estateOf(route.region),
      region: route.region,
      baseUrl: usageServiceUrl(baseUrl, service, route.region),
      ignoreMarker,
    };
    switch (route.name) {
      case "servers":
        return listServersDetail(request, route.id);
      case "volumes":
        return listVolumesDetail(request, route.id);
      case "clusters":
        return listClusters(request);
      case "nodegroups":
        return listNodeGroups(request, route.id);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    url: baseUrl,
    faults,
    counts,
    listings,
    env: (apiVersion = "v2") =>
      apiVersion === "v1"
        ? {
            NHN_API_VERSION: "v1",
            NHN_APPKEY: credentials.appkey,
            NHN_USERNAME: credentials.accessKeyId,
            NHN_API_PASSWORD: credentials.secretAccessKey,
            NHN_COMPUTE_URL: baseUrl,
          }
        : {
            NHN_API_VERSION: "v2",
            NHN_TENANT_ID: DEMO_PROJECT.id,
            NHN_USERNAME: credentials.username,
            NHN_API_PASSWORD: credentials.password,
            NHN_IDENTITY_URL: `${baseUrl}/v2.0`,
          },
    issuedTokens: () => tokens.issued(),
    projectOfToken: (token) => tokens.projectOf(token),
    resetCounts() {
      for (const name of SIMULATOR_ROUTES) counts[name] = 0;
      listings.v1 = 0;
      listings.v2 = 0;
      listings.v2ByRegion = emptyRegionCounts();
    },
    setImages(next) {
      images = next;
      edits.clear();
      sources = edits.overAll(regionSources(images, seed, day));
      estates.clear();
    },
    setDay(next) {
      day = next;
      sources = edits.overAll(regionSources(images, seed, day));
      estates.clear();
    },
    estate: estateOf,
    setEstate(region, estate) {
      if (estate === null) givenEstates.delete(region);
      else givenEstates.set(region, estate);
    },
    listable({ api = "v2", region = "KR1", project = DEMO_PROJECT.id } = {}) {
      const source = sources.get(api === "v1" ? "KR1" : region) as RegionImages;
      const listed: Image[] = [];
      for (let p = 0; p < source.positions; p++) {
        const image = source.at(p);
        if (image === null) continue;
        if (api === "v1") {
          if (v1Lists(image, DEMO_PROJECT.id)) listed.push(v1ImageOf(image));
        } else if (glanceShows(image, project)) {
          listed.push(imageOf(image));
        }
      }
      return listed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An answer that quotes a secret back: the password to a token request, the token otherwise. */
function echoedSecret(
  route: Route,
  req: IncomingMessage,
  credentials: SimulatorCredentials,
  via: "result-message" | "property-key",
): Answer {
  const token = String(req.headers["x-auth-token"] ?? "");
  switch (route.name) {
    case "identity":
      return openStackError(401, "Unauthorized", `Invalid password ${credentials.password}`);
    case "v1-token":
      return v1Failure(-3, `Permission denied: ${credentials.secretAccessKey} is not valid`);
    case "v1-images":
      if (via === "result-message") return v1Failure(-1, `FAIL: token ${token} rejected`);
      return {
        status: 200,
        body: {
          header: { isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" },
          images: [
            {
              id: "00000000-0000-4000-8000-000000000001",
              name: "echo",
              status: "active",
              createdAt: "2026-01-01T00:00:00Z",
              properties: { [token]: { unexpected: true } },
            },
          ],
        },
      };
    default:
      return openStackError(400, "Bad Request", `Token ${token} is not valid here`);
  }
}

/** A usage API request: `id` is the tenant (servers, volumes) or the cluster (node groups). */
type UsageRoute =
  | {
      readonly name: "servers" | "volumes" | "nodegroups";
      readonly region: Region;
      readonly id: string;
    }
  | { readonly name: "clusters"; readonly region: Region };

type Route =
  | UsageRoute
  | { readonly name: "identity"; readonly region: Region }
  | { readonly name: "v1-token" | "v1-images"; readonly region: Region; readonly appkey: string }
  | { readonly name: "v2-images"; readonly region: Region }
  | { readonly name: "v2-image"; readonly region: Region; readonly imageId: string }
  | {
      readonly name: "v2-image-tag";
      readonly method: "PUT" | "DELETE";
      readonly region: Region;
      readonly imageId: string;
      readonly tag: string;
    }
  | { readonly name: "v2-image-delete"; readonly region: Region; readonly imageId: string };

/**
 * Which route a request is for. Glance is served per region under `/image/{region}` (the
 * catalog's endpoints) and, for KR1, at the root too (`NHN_IMAGE_URL` = the simulator's URL).
 */
function routeOf(method: string, path: string): Route | null {
  if (method === "POST" && /^\/v2\.0\/tokens\/?$/.test(path))
    return { name: "identity", region: "KR1" };
  let m = /^\/v1\.0\/appkeys\/([^/]+)\/tokens\/?$/.exec(path);
  if (method === "POST" && m)
    return { name: "v1-token", region: "KR1", appkey: decode(m[1] as string) };
  m = /^\/v1\.0\/appkeys\/([^/]+)\/images\/?$/.exec(path);
  if (method === "GET" && m)
    return { name: "v1-images", region: "KR1", appkey: decode(m[1] as string) };
  const write = imageWriteRouteOf(method, path);
  if (write !== null) return write;
  if (method !== "GET") return null;
  const usage = usageRouteOf(path);
  if (usage !== null) return usage;
  m = /^(?:\/image\/(kr1|kr2|kr3|jp1))?\/v2\/images(?:\/([^/]+))?\/?$/.exec(path);
  if (m === null) return null;
  const region = (m[1] ?? "kr1").toUpperCase() as Region;
  return m[2] === undefined
    ? { name: "v2-images", region }
    : { name: "v2-image", region, imageId: decode(m[2]) };
}

/** Glance's writes: `PUT`/`DELETE …/v2/images/{id}/tags/{tag}` and `DELETE …/v2/images/{id}`. */
function imageWriteRouteOf(method: string, path: string): Route | null {
  const regionOf = (text: string | undefined) => (text ?? "kr1").toUpperCase() as Region;
  let m = /^(?:\/image\/(kr1|kr2|kr3|jp1))?\/v2\/images\/([^/]+)\/tags\/([^/]+)\/?$/.exec(path);
  if (m !== null && (method === "PUT" || method === "DELETE")) {
    return {
      name: "v2-image-tag",
      method,
      region: regionOf(m[1]),
      imageId: decode(m[2] as string),
      tag: decode(m[3] as string),
    };
  }
  m = /^(?:\/image\/(kr1|kr2|kr3|jp1))?\/v2\/images\/([^/]+)\/?$/.exec(path);
  if (m !== null && method === "DELETE") {
    return { name: "v2-image-delete", region: regionOf(m[1]), imageId: decode(m[2] as string) };
  }
  return null;
}

/** NKS is served where its catalog names it, and nowhere else (JP1 has none). */
const NKS_REGION_PATTERN = NKS_REGIONS.map((region) => region.toLowerCase()).join("|");
const NKS_CLUSTERS_PATH = new RegExp(`^/kubernetes/(${NKS_REGION_PATTERN})/v1/clusters/?$`);
const NKS_NODE_GROUPS_PATH = new RegExp(
  `^/kubernetes/(${NKS_REGION_PATTERN})/v1/clusters/([^/]+)/nodegroups/?$`,
);

/**
 * The usage APIs, per region under the catalog's paths: `/compute/{region}/v2/{tenant}/servers/detail`,
 * `/block-storage/{region}/v2/{tenant}/volumes/detail`, `/kubernetes/{region}/v1/clusters[/{id}/nodegroups]`
 * (NKS in KR1, KR2 and KR3, as documented).
 */
function usageRouteOf(path: string): UsageRoute | null {
  const regionOf = (text: string) => text.toUpperCase() as Region;
  let m = /^\/compute\/(kr1|kr2|kr3|jp1)\/v2\/([^/]+)\/servers\/detail\/?$/.exec(path);
  if (m) return { name: "servers", region: regionOf(m[1] as string), id: decode(m[2] as string) };
  m = /^\/block-storage\/(kr1|kr2|kr3|jp1)\/v2\/([^/]+)\/volumes\/detail\/?$/.exec(path);
  if (m) return { name: "volumes", region: regionOf(m[1] as string), id: decode(m[2] as string) };
  m = NKS_CLUSTERS_PATH.exec(path);
  if (m) return { name: "clusters", region: regionOf(m[1] as string) };
  m = NKS_NODE_GROUPS_PATH.exec(path);
  if (m)
    return { name: "nodegroups", region: regionOf(m[1] as string), id: decode(m[2] as string) };
  return null;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function regionSources(
  images: number | readonly SimulatorImage[],
  seed: number,
  day: number,
): Map<Region, RegionImages> {
  return new Map(
    REGIONS.map((region) => [
      region,
      typeof images === "number"
        ? generatedImages(seed, region, images, day)
        : fixedImages(images.filter((image) => image.region === region)),
    ]),
  );
}

function emptyCounts(): Record<SimulatorRoute, number> {
  return Object.fromEntries(SIMULATOR_ROUTES.map((name) => [name, 0])) as Record<
    SimulatorRoute,
    number
  >;
}

function emptyRegionCounts(): Record<Region, number> {
  return Object.fromEntries(REGIONS.map((region) => [region, 0])) as Record<Region, number>;
}
