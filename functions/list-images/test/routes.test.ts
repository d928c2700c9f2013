import { Image } from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
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

  it("GET /images/{id} with a query parameter is a 400 naming it", async () => {
    const { handler } = handlerFor(sim, "v1");
    const response = await handler(event("/images/x?fields=name"));
    expect(response.statusCode).toBe(400);
    expect(json(response).issues).toEqual([{ param: "fields", message: expect.any(String) }]);
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
