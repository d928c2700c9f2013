import {
  DEMO_PROJECT,
  NHN_PUBLIC_OWNER,
  type Simulator,
  type SimulatorImage,
  startSimulator,
} from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

const IMAGES: SimulatorImage[] = [
  {
    id: "img-1",
    name: 'web, "blue"\r\nline two',
    status: "active",
    diskFormat: "qcow2",
    isPublic: false,
    protected: true,
    minDisk: 20,
    minRam: 1024,
    size: null,
    properties: { note: 'a,"b"', os_type: "linux" },
    createdAt: "2026-01-02T03:04:05.678Z",
    updatedAt: "2026-01-02T03:04:05.678Z",
    visibility: "private",
    owner: DEMO_PROJECT.id,
    tags: ["release", "golden"],
    region: "KR1",
  },
  {
    id: "img-2",
    name: "plain",
    status: "saving",
    diskFormat: null,
    isPublic: true,
    protected: false,
    minDisk: 0,
    minRam: 0,
    size: 42,
    properties: {},
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    visibility: "public",
    owner: NHN_PUBLIC_OWNER,
    tags: ["_AVAILABLE_"],
    region: "KR1",
  },
];
const PLAIN = IMAGES[1] as SimulatorImage;

let sim: Simulator;
let handler: ReturnType<typeof handlerFor>["handler"];
beforeAll(async () => {
  sim = await startSimulator({ images: IMAGES });
  handler = handlerFor(sim, "v2").handler;
});
afterAll(() => sim.close());

describe("formats", () => {
  it("json is the default: images, page and source", async () => {
    const response = await handler(httpApiEvent("/images?limit=1"));
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = json(response);
    expect(body.page).toEqual({ limit: 1, matched: 2, next: expect.any(String) });
    expect(body.source).toEqual({
      api: "v2",
      regions: ["KR1"],
      fetchedAt: expect.stringMatching(/Z$/),
      cached: expect.any(Boolean),
    });
  });

  it("ndjson is one Image per line with paging headers", async () => {
    const response = await handler(httpApiEvent("/images?format=ndjson&limit=1"));
    expect(response.headers["content-type"]).toMatch(/^application\/x-ndjson/);
    expect(response.headers["x-total-count"]).toBe("2");
    expect(response.headers["x-next-cursor"]).toEqual(expect.any(String));
    const lines = response.body.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
    expect(JSON.parse(lines[0] as string).id).toBe("img-1");
    const last = await handler(httpApiEvent("/images?format=ndjson&limit=5"));
    expect(last.headers["x-next-cursor"]).toBeUndefined();
  });

  it("csv quotes per RFC 4180, puts properties in a JSON column and joins tags with ;", async () => {
    const response = await handler(httpApiEvent("/images?format=csv"));
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
    expect(response.headers["x-total-count"]).toBe("2");
    expect(response.body).toBe(
      "id,name,status,diskFormat,isPublic,protected,minDisk,minRam,size,properties,createdAt,updatedAt,visibility,owner,tags,region,hidden,family\r\n" +
        `img-1,"web, ""blue""\r\nline two",active,qcow2,false,true,20,1024,,"{""note"":""a,\\""b\\"""",""os_type"":""linux""}",2026-01-02T03:04:05.678Z,2026-01-02T03:04:05.678Z,private,${DEMO_PROJECT.id},golden;release,KR1,false,"web, ""blue""\r\nline two"\r\n` +
        `img-2,plain,saving,,true,false,0,0,42,{},2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z,public,${NHN_PUBLIC_OWNER},_AVAILABLE_,KR1,false,plain\r\n`,
    );
  });

  it("csv has a header row of the projected fields", async () => {
    const response = await handler(httpApiEvent("/images?format=csv&fields=size,name"));
    expect(response.body.split("\r\n")[0]).toBe("id,name,size,region");
  });

  it.each([
    ["application/x-ndjson", "application/x-ndjson"],
    ["text/csv", "text/csv"],
    ["text/csv;q=0.5, application/x-ndjson;q=0.9", "application/x-ndjson"],
    ["text/html,application/xhtml+xml,*/*;q=0.8", "application/json"],
    ["", "application/json"],
    ["application/json;q=0, */*", "application/x-ndjson"],
    ["application/json;q=0, application/x-ndjson;q=0, */*;q=0.5", "text/csv"],
    ["text/*;q=0.3, application/json;q=0.2", "text/csv"],
  ])("Accept %j negotiates %s when format is absent", async (accept, type) => {
    const response = await handler(httpApiEvent("/images", { headers: { accept } }));
    expect(response.headers["content-type"]).toContain(type);
    expect(response.headers.vary).toBe("Accept");
  });

  it("format wins over Accept", async () => {
    const response = await handler(
      httpApiEvent("/images?format=csv", { headers: { accept: "application/json" } }),
    );
    expect(response.headers["content-type"]).toMatch(/^text\/csv/);
  });

  it.each([
    "image/png",
    "*/*;q=0",
    "application/json;q=0, application/x-ndjson;q=0, text/csv;q=0, */*",
  ])("an Accept that allows none of the formats (%j) is a 406 problem", async (accept) => {
    const response = await handler(httpApiEvent("/images", { headers: { accept } }));
    expect(response.statusCode).toBe(406);
  });

  it("a cell that a spreadsheet would run as a formula is prefixed with ' (OWASP)", async () => {
    sim.setImages(
      ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tcmd", "\rcmd", "safe=1"].map(
        (name, i) => ({
          ...PLAIN,
          id: `img-${i}`,
          name,
          properties: {},
          tags: i === 0 ? ["=cmd|' /C calc'!A0"] : [],
        }),
      ),
    );
    try {
      const uncached = handlerFor(sim, "v2", { IMAGES_CACHE_TTL_S: "0" }).handler;
      const response = await uncached(
        httpApiEvent("/images?format=csv&fields=name,tags&sort=name"),
      );
      expect(response.body.split("\r\n").slice(1, -1).sort()).toEqual(
        [
          `img-0,"'=HYPERLINK(""http://x"")",'=cmd|' /C calc'!A0,KR1`,
          "img-1,'+1,,KR1",
          "img-2,'-2,,KR1",
          "img-3,'@SUM(A1),,KR1",
          "img-4,'\tcmd,,KR1",
          `img-5,"'\rcmd",,KR1`,
          "img-6,safe=1,,KR1",
        ].sort(),
      );
    } finally {
      sim.setImages(IMAGES);
    }
  });

  it("a bad format is a 400 naming format", async () => {
    const response = await handler(httpApiEvent("/images?format=xml"));
    expect(response.statusCode).toBe(400);
    expect(json(response).issues.map((i: { param: string }) => i.param)).toEqual(["format"]);
  });
});
