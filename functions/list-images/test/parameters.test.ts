import { compareCodePoints, createImageClient, type Image, loadConfig } from "@nhn-images/core";
import {
  DEMO_PROJECT,
  PARTNER_PROJECT,
  type Simulator,
  startSimulator,
} from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json, restApiEvent } from "./helpers.ts";

let sim: Simulator;
let all: Image[];
/** Every region and both projects of the demo user, so region, owner and visibility all bite. */
const everywhere = { NHN_REGION: "all", NHN_TENANT_ID: `${DEMO_PROJECT.id},${PARTNER_PROJECT.id}` };
beforeAll(async () => {
  sim = await startSimulator({ images: 150, seed: 11 });
  all = await createImageClient(loadConfig({ ...sim.env("v2"), ...everywhere })).listAllImages();
});
afterAll(() => sim.close());

const publicName = () => all.find((i) => i.isPublic)?.name ?? "";
const newestFirst = (a: Image, b: Image) =>
  compareCodePoints(b.createdAt, a.createdAt) ||
  compareCodePoints(a.id, b.id) ||
  compareCodePoints(a.region, b.region);
const GiB = 1024 ** 3;

/** Each DESIGN.md parameter, a query using it, and what must match. */
const CASES: [string, string | (() => string), (image: Image) => boolean][] = [
  ["status", "status=active,killed", (i) => i.status === "active" || i.status === "killed"],
  ["diskFormat", "diskFormat=qcow2,iso", (i) => i.diskFormat === "qcow2" || i.diskFormat === "iso"],
  ["visibility public", "visibility=public", (i) => i.isPublic],
  ["visibility private", "visibility=private", (i) => i.visibility === "private"],
  [
    "visibility list",
    "visibility=shared,private",
    (i) => i.visibility === "shared" || i.visibility === "private",
  ],
  ["owner", `owner=${PARTNER_PROJECT.id}`, (i) => i.owner === PARTNER_PROJECT.id],
  ["region", "region=kr2,JP1", (i) => i.region === "KR2" || i.region === "JP1"],
  ["tag", "tag=_AVAILABLE_", (i) => i.tags.includes("_AVAILABLE_")],
  [
    "tag repeated (AND), as globs, case-insensitive",
    "tag=GOL*&tag=*?en",
    (i) => i.tags.some((t) => /^gol/i.test(t)) && i.tags.some((t) => /^.*.en$/i.test(t)),
  ],
  ["protected", "protected=true", (i) => i.protected],
  [
    "name exact, ignoring case",
    () => `name=${encodeURIComponent(publicName().toUpperCase())}`,
    (i) => i.name.toLowerCase() === publicName().toLowerCase(),
  ],
  ["name glob", "name=*rocky*9.?%20*", (i) => /^.*rocky.*9\.. .*$/is.test(i.name)],
  ["property key:glob", "property=os_distro:ubuntu", (i) => i.properties.os_distro === "ubuntu"],
  ["property key", "property=login_username", (i) => "login_username" in i.properties],
  [
    "property repeated (AND)",
    "property=os_type:linux&property=image_type:snap*",
    (i) => i.properties.os_type === "linux" && (i.properties.image_type ?? "").startsWith("snap"),
  ],
  ["fitsDisk", "fitsDisk=20", (i) => i.minDisk <= 20],
  ["fitsRam", "fitsRam=2048", (i) => i.minRam <= 2048],
  ["sizeMin", `sizeMin=${8 * GiB}`, (i) => i.size !== null && i.size >= 8 * GiB],
  ["sizeMax", `sizeMax=${2 * GiB}`, (i) => i.size !== null && i.size <= 2 * GiB],
  ["createdSince", "createdSince=2026-11-20", (i) => i.createdAt >= "2026-11-20T00:00:00.000Z"],
  [
    "createdBefore",
    "createdBefore=2026-11-20T09:00:00%2B09:00",
    (i) => i.createdAt < "2026-11-20T00:00:00.000Z",
  ],
  [
    "updatedSince",
    "updatedSince=2026-11-22T00:00:00Z",
    (i) => i.updatedAt >= "2026-11-22T00:00:00.000Z",
  ],
  ["updatedBefore", "updatedBefore=2026-11-22", (i) => i.updatedAt < "2026-11-22T00:00:00.000Z"],
  [
    "everything at once",
    "status=active&diskFormat=qcow2&visibility=public&name=ubuntu*&fitsDisk=20&fitsRam=2048",
    (i) =>
      i.status === "active" &&
      i.diskFormat === "qcow2" &&
      i.isPublic &&
      /^ubuntu/i.test(i.name) &&
      i.minDisk <= 20 &&
      i.minRam <= 2048,
  ],
];

describe.each([
  ["HTTP API 2.0", httpApiEvent],
  ["REST API 1.0", restApiEvent],
] as const)("GET /images through %s", (_, event) => {
  let handler: ReturnType<typeof handlerFor>["handler"];
  beforeAll(() => {
    handler = handlerFor(sim, "v2", everywhere).handler;
  });

  it.each(CASES)("filters by %s", async (_name, query, predicate) => {
    const text = typeof query === "string" ? query : query();
    const response = await handler(event(`/images?${text}&limit=1000`));
    expect(response.statusCode).toBe(200);
    const body = json(response);
    const expected = all.filter(predicate).sort(newestFirst);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(body.page.matched).toBe(expected.length);
    expect(body.images.map((i: Image) => i.id)).toEqual(expected.map((i) => i.id));
  });

  it("filters by id", async () => {
    const ids = [all[3]?.id, all[7]?.id, "no-such-id"].join(",");
    const body = json(await handler(event(`/images?id=${ids}`)));
    expect(body.images.map((i: Image) => i.id).sort()).toEqual([all[3]?.id, all[7]?.id].sort());
  });

  it("sorts by region, visibility and owner, id then region breaking ties", async () => {
    const body = json(
      await handler(event("/images?sort=region:desc,visibility,owner:desc&limit=1000")),
    );
    const expected = [...all].sort(
      (a, b) =>
        compareCodePoints(b.region, a.region) ||
        compareCodePoints(a.visibility, b.visibility) ||
        compareCodePoints(b.owner ?? "", a.owner ?? "") ||
        compareCodePoints(a.id, b.id),
    );
    expect(body.images.map((i: Image) => i.id)).toEqual(expected.map((i) => i.id));
  });

  it("sorts by several keys, nulls last, id breaking ties", async () => {
    const body = json(
      await handler(event("/images?sort=diskFormat:desc,size&limit=1000&fields=diskFormat,size")),
    );
    const expected = [...all].sort((a, b) => {
      if (a.diskFormat !== b.diskFormat) {
        if (a.diskFormat === null) return 1;
        if (b.diskFormat === null) return -1;
        return compareCodePoints(b.diskFormat, a.diskFormat);
      }
      if (a.size !== b.size) {
        if (a.size === null) return 1;
        if (b.size === null) return -1;
        return a.size - b.size;
      }
      return compareCodePoints(a.id, b.id);
    });
    expect(body.images.map((i: Image) => i.id)).toEqual(expected.map((i) => i.id));
  });

  it("projects fields, always with the image's identity: id and region", async () => {
    const body = json(await handler(event("/images?fields=name,status&limit=3")));
    expect(body.images.map(Object.keys)).toEqual([
      ["id", "region", "name", "status"],
      ["id", "region", "name", "status"],
      ["id", "region", "name", "status"],
    ]);
  });

  it("pages with limit and cursor through every match exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string =
        cursor === null
          ? "status=active&sort=name&limit=37"
          : `cursor=${encodeURIComponent(cursor)}&limit=37`;
      const body = json(await handler(event(`/images?${query}`)));
      seen.push(...body.images.map((i: Image) => i.id));
      cursor = body.page.next;
      pages++;
    } while (cursor !== null);
    const expected = all
      .filter((i) => i.status === "active")
      .sort((a, b) => compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id));
    expect(seen).toEqual(expected.map((i) => i.id));
    expect(pages).toBe(Math.ceil(expected.length / 37));
  });

  it("defaults to 100 images, newest first", async () => {
    const body = json(await handler(event("/images")));
    expect(body.page.limit).toBe(100);
    expect(body.images.map((i: Image) => i.id)).toEqual(
      [...all]
        .sort(newestFirst)
        .slice(0, 100)
        .map((i) => i.id),
    );
    expect(body.source).toMatchObject({
      api: "v2",
      regions: ["KR1", "KR2", "KR3", "JP1"],
      cached: expect.any(Boolean),
    });
  });
});

describe("repeated parameters", () => {
  it("are read from the raw query string, not the comma-joined map", async () => {
    const { handler } = handlerFor(sim, "v2", everywhere);
    const event = httpApiEvent(
      "/images?property=os_type:linux&property=image_type:snapshot&limit=1000",
    );
    // What the HTTP API puts in queryStringParameters would be ambiguous: "os_type:linux,image_type:snapshot".
    expect(event.queryStringParameters.property).toBe("os_type:linux,image_type:snapshot");
    const body = json(await handler(event));
    expect(body.page.matched).toBe(
      all.filter((i) => i.properties.os_type === "linux" && i.properties.image_type === "snapshot")
        .length,
    );
  });
});
