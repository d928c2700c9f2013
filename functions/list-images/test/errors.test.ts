import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { recordingLogger } from "@nhn-images/test-support";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createListImagesHandler } from "../src/handler.ts";
import { handlerFor, httpApiEvent, json, restApiEvent } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 20 });
});
afterAll(() => sim.close());
afterEach(() => sim.faults.clear());

const problemOf = (response: {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}) => {
  expect(response.headers["content-type"]).toBe("application/problem+json");
  const body = json(response);
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: response.statusCode,
    detail: expect.any(String),
  });
  return body;
};

describe("problems", () => {
  it("a bad query is a 400 listing every issue by parameter, before any upstream call", async () => {
    sim.resetCounts();
    const { handler } = handlerFor(sim, "v1");
    const response = await handler(
      restApiEvent("/images?limit=5000&sort=colour&createdSince=2026-02-30&bogus=1"),
    );
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.issues.map((i: { param: string }) => i.param).sort()).toEqual([
      "bogus",
      "createdSince",
      "limit",
      "sort",
    ]);
    expect(problem.issues.find((i: { param: string }) => i.param === "bogus").message).toContain(
      "diskFormat",
    );
    expect(sim.counts["v1-token"] + sim.counts["v1-images"]).toBe(0);
  });

  it("a v1 failure is a 502 with the upstream resultCode and resultMessage", async () => {
    sim.faults.add({
      routes: ["v1-images"],
      fault: { kind: "v1-failure", resultCode: -4, resultMessage: "invalid parameters" },
    });
    const { handler } = handlerFor(sim, "v1");
    const response = await handler(httpApiEvent("/images"));
    expect(response.statusCode).toBe(502);
    expect(problemOf(response)).toMatchObject({
      resultCode: -4,
      resultMessage: "invalid parameters",
      requestId: "Bx1cFjxXIE0EMsQ=",
    });
  });

  it("refused credentials are a 502 that names the upstream code, not the credentials", async () => {
    const { handler } = handlerFor(sim, "v1", { NHN_API_PASSWORD: "wrong-password-sentinel" });
    const response = await handler(httpApiEvent("/images"));
    expect(response.statusCode).toBe(502);
    expect(problemOf(response).resultCode).toBe(-3);
    expect(response.body).not.toContain("wrong-password-sentinel");
  });

  it("an upstream 5xx after retries is a 502", async () => {
    sim.faults.add({ routes: ["v2-images"], fault: { kind: "status", status: 503 } });
    const { handler } = handlerFor(sim, "v2");
    const response = await handler(httpApiEvent("/images"));
    expect(response.statusCode).toBe(502);
    expect(problemOf(response).detail).toContain("503");
  });

  it("one failing region of several is a 502 that names it: never a partial list", async () => {
    sim.faults.add({
      routes: ["v2-images"],
      regions: ["JP1"],
      fault: { kind: "status", status: 503 },
    });
    const { handler } = handlerFor(sim, "v2", { NHN_REGION: "all" });
    const response = await handler(httpApiEvent("/images"));
    expect(response.statusCode).toBe(502);
    expect(problemOf(response).detail).toMatch(/JP1, project [0-9a-f]{32}.*503/);
  });

  it("an upstream time-out is a 504", async () => {
    sim.faults.add({ routes: ["v2-images"], fault: { kind: "latency", ms: 1000 } });
    const { handler } = handlerFor(sim, "v2", { NHN_TIMEOUT_MS: "100" });
    const response = await handler(httpApiEvent("/images"));
    expect(response.statusCode).toBe(504);
    problemOf(response);
  });

  it("malformed upstream JSON is a 502", async () => {
    sim.faults.add({ routes: ["v1-images"], fault: { kind: "malformed-json" } });
    const { handler } = handlerFor(sim, "v1");
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(502);
  });

  it("anything unexpected is a 500 with no stack or message, logged in full", async () => {
    const logger = recordingLogger();
    const { lines } = logger;
    const handler = createListImagesHandler({
      env: { NHN_API_VERSION: "v2", NHN_AUTH_TOKEN: "t", NHN_IMAGE_URL: sim.url },
      logger,
      getSecureString: async () => "",
      fetch: async () => {
        throw new RangeError("kaboom in a library");
      },
      sleep: async () => {},
    });
    // fetch itself throwing is a network error (502); a bug inside the handler is a 500:
    let calls = 0;
    const broken = createListImagesHandler({
      env: {
        NHN_API_VERSION: "v2",
        NHN_USERNAME: "u",
        NHN_API_PASSWORD: "p",
        NHN_TENANT_ID: "t",
        NHN_IDENTITY_URL: `${sim.url}/v2.0`,
        NHN_IMAGE_URL: sim.url,
      },
      logger,
      getSecureString: async () => "",
      now: () => {
        if (++calls > 1) throw new RangeError("kaboom in a library");
        return 0;
      },
    });
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(502);
    const response = await broken(httpApiEvent("/images"));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("kaboom");
    expect(response.body).not.toContain("at ");
    expect(
      lines.some((l) => l.level === "error" && JSON.stringify(l.extra).includes("kaboom")),
    ).toBe(true);
  });

  it("a configuration error is a 500 that points to the log, which names the variable", async () => {
    const logger = recordingLogger();
    const { lines } = logger;
    const handler = createListImagesHandler({
      env: {
        NHN_API_VERSION: "v1",
        NHN_USERNAME: "u",
        NHN_API_PASSWORD: "p",
        NHN_TIMEOUT_MS: "soon",
      },
      logger,
      getSecureString: async () => "",
    });
    const response = await handler(httpApiEvent("/images"));
    expect(response.statusCode).toBe(500);
    expect(problemOf(response).title).toBe("Service misconfigured");
    const logged = JSON.stringify(lines);
    expect(logged).toContain("NHN_TIMEOUT_MS");
    expect(logged).toContain("NHN_APPKEY");
  });

  it("tries SSM again on the next invocation after a failed read", async () => {
    let calls = 0;
    const { handler } = handlerFor(
      sim,
      "v2",
      { NHN_API_PASSWORD: "", NHN_API_PASSWORD_PARAM: "/nhn-images/dev/api-password" },
      {
        getSecureString: async () => {
          calls++;
          if (calls === 1)
            throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
          return "demo-password";
        },
      },
    );
    const first = await handler(httpApiEvent("/images"));
    expect(first.statusCode).toBe(500);
    expect(first.body).not.toContain("Rate exceeded");
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(200);
    expect(calls).toBe(2);
  });

  it("reads the API password from SSM when NHN_API_PASSWORD_PARAM is set", async () => {
    const asked: string[] = [];
    const { handler } = handlerFor(
      sim,
      "v1",
      { NHN_API_PASSWORD: "", NHN_API_PASSWORD_PARAM: "/nhn-images/dev/api-password" },
      {
        getSecureString: async (name) => {
          asked.push(name);
          return "demo-secret-key";
        },
      },
    );
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(200);
    expect((await handler(httpApiEvent("/images"))).statusCode).toBe(200);
    expect(asked).toEqual(["/nhn-images/dev/api-password"]);
  });
});

describe("hostile input", () => {
  it.each(["__proto__=1", "constructor=1", "toString=x&status=active"])(
    "?%s is a 400 naming the unknown parameter",
    async (query) => {
      for (const event of [httpApiEvent(`/images?${query}`), restApiEvent(`/images?${query}`)]) {
        const response = await handlerFor(sim, "v2").handler(event);
        expect(response.statusCode).toBe(400);
        const unknown = query.split("=")[0];
        expect(problemOf(response).issues).toContainEqual({
          param: unknown,
          message: expect.stringMatching(/is not a known parameter/),
        });
      }
    },
  );

  it("/images/{id} with 100,000 parameters is one short 400", async () => {
    const query = Array.from({ length: 100_000 }, (_, i) => `p${i}=1`).join("&");
    const response = await handlerFor(sim, "v2").handler(httpApiEvent(`/images/x?${query}`));
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).issues).toEqual([
      { param: "query", message: "the query string is longer than 8192 bytes" },
    ]);
    expect(response.body.length).toBeLessThan(1_000);
  });

  it("/images/{id} with many unknown parameters reports at most 20", async () => {
    const query = Array.from({ length: 300 }, (_, i) => `p${i}=1`).join("&");
    const response = await handlerFor(sim, "v2").handler(httpApiEvent(`/images/x?${query}`));
    expect(problemOf(response).issues).toHaveLength(20);
  });

  it.each(["0", "60"])(
    "/images/{id} with a lone-surrogate id is a 400 naming id (cache TTL %s)",
    async (ttl) => {
      const { handler } = handlerFor(sim, "v2", { IMAGES_CACHE_TTL_S: ttl });
      const event = httpApiEvent("/images/x");
      event.pathParameters = { id: "abc\uD800def" };
      event.rawPath = "/images/abc%ED%A0%80def";
      const response = await handler(event);
      expect(response.statusCode).toBe(400);
      expect(problemOf(response).issues).toEqual([
        { param: "id", message: "is not well-formed Unicode" },
      ]);
    },
  );
});

describe("problems that say what to do", () => {
  const issuesOf = async (query: string) => {
    const response = await handlerFor(sim, "v2").handler(httpApiEvent(`/images?${query}`));
    expect(response.statusCode).toBe(400);
    return problemOf(response).issues as { param: string; message: string }[];
  };

  it.each([
    ["fitsDisk=-1", "fitsDisk"],
    ["fitsDisk=99999999999999999", "fitsDisk"],
    ["fitsRam=1.5", "fitsRam"],
    ["sizeMin=abc", "sizeMin"],
  ])("%s says the range a whole number must be in", async (query, param) => {
    const [issue] = await issuesOf(query);
    expect(issue?.param).toBe(param);
    expect(issue?.message).toBe(`must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  });

  it.each([
    ["sizeMin=10&sizeMax=5", "sizeMin", "sizeMax"],
    ["createdSince=2026-11-20&createdBefore=2026-11-01", "createdSince", "createdBefore"],
    ["updatedSince=2026-11-20&updatedBefore=2026-11-20", "updatedSince", "updatedBefore"],
  ])("%s, a range no image can be in, is a 400 naming both ends", async (query, low, high) => {
    const issues = await issuesOf(query);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.param).toBe(low);
    expect(issues[0]?.message).toContain(high);
  });

  it("an unencoded + in a time (a space once decoded) says to encode it as %2B", async () => {
    const [issue] = await issuesOf("createdSince=2026-11-20T09:00:00+09:00");
    expect(issue?.param).toBe("createdSince");
    expect(issue?.message).toContain("%2B");
  });

  it.each([
    ["a 406", httpApiEvent("/images", { headers: { accept: "image/png" } }), 406],
    ["an unknown route's 404", httpApiEvent("/nope"), 404],
    ["a POST's 405", httpApiEvent("/images", { method: "POST" }), 405],
  ])("%s carries the requestId, as every problem does", async (_name, event, status) => {
    const response = await handlerFor(sim, "v2").handler(event);
    expect(response.statusCode).toBe(status);
    expect(problemOf(response).requestId).toBe("Bx1cFjxXIE0EMsQ=");
  });
});
