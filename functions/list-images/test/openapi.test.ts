import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

/** Every parameter of DESIGN.md's "Filtered list endpoint" table. */
const DESIGN_PARAMETERS = [
  "status",
  "diskFormat",
  "visibility",
  "owner",
  "region",
  "family",
  "tag",
  "protected",
  "inUse",
  "id",
  "name",
  "property",
  "fitsDisk",
  "fitsRam",
  "sizeMin",
  "sizeMax",
  "createdSince",
  "createdBefore",
  "updatedSince",
  "updatedBefore",
  "sort",
  "fields",
  "limit",
  "cursor",
  "format",
  "asOf",
];

/** DESIGN.md's "History routes": each route's parameters. */
const HISTORY_PARAMETERS: Record<string, string[]> = {
  "/snapshots": ["limit", "cursor", "format"],
  "/changes": [
    "since",
    "until",
    "change",
    "id",
    "region",
    "name",
    "field",
    "limit",
    "cursor",
    "format",
  ],
  "/images/{id}/history": ["region", "limit", "cursor", "format"],
};

let sim: Simulator;
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, walked by path in assertions
let document: any;
beforeAll(async () => {
  sim = await startSimulator({ images: 1 });
  const { handler } = handlerFor(sim, "v1");
  const response = await handler(httpApiEvent("/openapi.json"));
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toContain("openapi+json");
  document = json(response);
});
afterAll(() => sim.close());

describe("GET /openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("documents every query parameter of the design, and no other", () => {
    const parameters = document.paths["/images"].get.parameters.filter(
      (p: { in: string }) => p.in === "query",
    );
    expect(parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      [...DESIGN_PARAMETERS].sort(),
    );
    for (const p of parameters) expect(p.description?.length ?? 0).toBeGreaterThan(5);
  });

  it("documents each history route's parameters, answers and problems", () => {
    for (const [path, expected] of Object.entries(HISTORY_PARAMETERS)) {
      const operation = document.paths[path].get;
      const names = operation.parameters
        .filter((p: { in: string }) => p.in === "query")
        .map((p: { name: string; description?: string }) => {
          expect(p.description?.length ?? 0, `${path} ${p.name}`).toBeGreaterThan(5);
          return p.name;
        });
      expect(names.sort(), path).toEqual([...expected].sort());
      expect(Object.keys(operation.responses["200"].content).sort()).toEqual([
        "application/json",
        "application/x-ndjson",
        "text/csv",
      ]);
      for (const status of ["304", "400", "406", "501", "502", "504"])
        expect(operation.responses[status], `${path} ${status}`).toBeDefined();
    }
    expect(document.paths["/images/{id}/history"].get.responses["404"]).toBeDefined();
    expect(document.components.schemas.Change.properties.fields).toBeDefined();
    const getImage = document.paths["/images/{id}"].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(getImage).toContain("asOf");
  });

  it("documents /images/latest (the filters of /images, no page) and /families (round 3)", () => {
    const names = (path: string) =>
      document.paths[path].get.parameters
        .filter((p: { in: string }) => p.in === "query")
        .map((p: { name: string }) => p.name)
        .sort();
    const pageOnly = ["sort", "limit", "cursor", "format"];
    expect(names("/images/latest")).toEqual(
      DESIGN_PARAMETERS.filter((name) => !pageOnly.includes(name)).sort(),
    );
    expect(names("/families")).toEqual(
      ["family", "region", "visibility", "asOf", "limit", "cursor", "format"].sort(),
    );
    // /images/latest is declared before /images/{id}: a router that matches in order finds it.
    const order = Object.keys(document.paths);
    expect(order.indexOf("/images/latest")).toBeLessThan(order.indexOf("/images/{id}"));
    expect(document.paths["/images/latest"].get.responses["404"]).toBeDefined();
    expect(Object.keys(document.paths["/families"].get.responses["200"].content).sort()).toEqual([
      "application/json",
      "application/x-ndjson",
      "text/csv",
    ]);
    expect(document.components.schemas.FamilyRow.required).toEqual(
      expect.arrayContaining(["family", "region", "images", "active", "latest", "visibility"]),
    );
    expect(document.components.schemas.Image.properties.family.type).toBe("string");
  });

  it("documents the routes, the formats and the problems", () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      "/changes",
      "/families",
      "/images",
      "/images/latest",
      "/images/{id}",
      "/images/{id}/history",
      "/openapi.json",
      "/snapshots",
    ]);
    const list = document.paths["/images"].get.responses;
    expect(Object.keys(list["200"].content).sort()).toEqual([
      "application/json",
      "application/x-ndjson",
      "text/csv",
    ]);
    for (const status of ["304", "400", "406", "500", "502", "504"])
      expect(list[status]).toBeDefined();
    expect(document.paths["/images/{id}"].get.responses["404"]).toBeDefined();
    expect(document.components.schemas.Image.properties.status).toBeDefined();
    expect(document.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(["type", "title", "status", "detail"]),
    );
  });
});
