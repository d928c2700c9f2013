import { Image } from "@nhn-images/core";
import { generateImage, type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json, restApiEvent } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 50 });
});
afterAll(() => sim.close());

describe.each([
  ["HTTP API 2.0", httpApiEvent],
  ["REST API 1.0", restApiEvent],
] as const)("routes through %s", (_, event) => {
  it.each(["v1", "v2"] as const)("GET /images/{id} answers the image over %s", async (version) => {
    const { handler } = handlerFor(sim, version);
    const [first] = json(await handler(event("/images?limit=1"))).images;
    const response = await handler(event(`/images/${first.id}`));
    expect(response.statusCode).toBe(200);
    expect(Image.parse(json(response))).toEqual(first);
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
  });

  it.each(["v1", "v2"] as const)(
    "GET /images/{id} is a 404 problem when absent over %s",
    async (version) => {
      const { handler } = handlerFor(sim, version);
      const response = await handler(event("/images/no-such-image"));
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toBe("application/problem+json");
      expect(json(response)).toMatchObject({
        status: 404,
        title: "Image not found",
        type: expect.any(String),
        detail: expect.stringContaining("no-such-image"),
      });
    },
  );

  it("GET /images/{id} with a query parameter other than region is a 400 naming it", async () => {
    const { handler } = handlerFor(sim, "v1");
    const response = await handler(event("/images/x?fields=name&region=mars"));
    expect(response.statusCode).toBe(400);
    expect(json(response).issues).toEqual([
      { param: "fields", message: expect.stringContaining("region") },
      { param: "region", message: expect.stringContaining("KR1") },
    ]);
  });

  it("an unknown route is a 404 problem, another method a 405 with Allow", async () => {
    const { handler } = handlerFor(sim, "v1");
    const missing = await handler(event("/volumes"));
    expect(missing.statusCode).toBe(404);
    expect(json(missing).type).toMatch(/not-found/);
    const post = await handler(event("/images", { method: "POST" }));
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });

  it("HEAD answers the headers of GET without a body", async () => {
    const { handler } = handlerFor(sim, "v1");
    const get = await handler(event("/images?limit=3"));
    const head = await handler(event("/images?limit=3", { method: "HEAD" }));
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe("");
    expect(head.headers.etag).toBe(get.headers.etag);
  });
});

describe("events", () => {
  it("an event that is not from API Gateway is a 400 problem", async () => {
    const { handler } = handlerFor(sim, "v1");
    const response = await handler({ detail: "scheduled" });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toBe("application/problem+json");
  });

  it("a catch-all route (REST {proxy+}, HTTP API $default) is routed by its path", async () => {
    const { handler } = handlerFor(sim, "v1");
    const [first] = json(await handler(httpApiEvent("/images?limit=1"))).images;
    const proxy = restApiEvent(`/images/${first.id}`);
    proxy.resource = "/{proxy+}";
    proxy.pathParameters = { proxy: `images/${first.id}` };
    expect(json(await handler(proxy)).id).toBe(first.id);
    const fallback = httpApiEvent("/images?limit=1");
    fallback.routeKey = "$default";
    fallback.rawPath = "/prod/images";
    expect((await handler(fallback)).statusCode).toBe(200);
    const openapi = httpApiEvent("/openapi.json");
    openapi.routeKey = "$default";
    expect((await handler(openapi)).statusCode).toBe(200);
    const other = httpApiEvent("/volumes");
    other.routeKey = "$default";
    expect((await handler(other)).statusCode).toBe(404);
  });

  it("a named stage in the path does not hide the route", async () => {
    const { handler } = handlerFor(sim, "v1");
    const event = httpApiEvent("/images?limit=1");
    event.rawPath = "/prod/images";
    expect((await handler(event)).statusCode).toBe(200);
  });
});

describe("GET /images/{id} over several regions", () => {
  const twin = "00000000-0000-4000-8000-0000000000aa";
  let regional: Simulator;
  beforeAll(async () => {
    regional = await startSimulator({
      images: [
        { ...generateImage(3, 1, "KR1"), id: twin, name: "twin in KR1" },
        { ...generateImage(3, 2, "JP1"), id: twin, name: "twin in JP1" },
        { ...generateImage(3, 3, "KR2"), id: "only-in-kr2", visibility: "public", isPublic: true },
      ],
    });
  });
  afterAll(() => regional.close());

  it.each([
    ["cached", {}],
    ["uncached", { IMAGES_CACHE_TTL_S: "0" }],
  ] as const)("finds the id in any configured region (%s)", async (_, env) => {
    const { handler } = handlerFor(regional, "v2", { NHN_REGION: "all", ...env });
    expect(json(await handler(httpApiEvent("/images/only-in-kr2"))).region).toBe("KR2");
  });

  it.each([
    ["cached", {}],
    ["uncached", { IMAGES_CACHE_TTL_S: "0" }],
  ] as const)(
    "answers 409 for an id in two regions unless region picks one (%s)",
    async (_, env) => {
      const { handler } = handlerFor(regional, "v2", { NHN_REGION: "all", ...env });
      const conflict = await handler(httpApiEvent(`/images/${twin}`));
      expect(conflict.statusCode).toBe(409);
      expect(conflict.headers["content-type"]).toBe("application/problem+json");
      expect(json(conflict).detail).toMatch(/KR1 and JP1.*region/);
      const picked = await handler(httpApiEvent(`/images/${twin}?region=jp1`));
      expect(picked.statusCode).toBe(200);
      expect(json(picked)).toMatchObject({ id: twin, region: "JP1", name: "twin in JP1" });
      expect((await handler(httpApiEvent("/images/only-in-kr2?region=KR1"))).statusCode).toBe(404);
    },
  );
});
