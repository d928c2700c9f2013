// GET /images/latest, GET /families and the family filter of GET /images over the simulator:
// each answer checked against what the simulator lists, picked and counted here by hand.
import { compareCodePoints, FamilyRow, Image, type Region } from "@nhn-images/core";
import {
  DEMO_PROJECT,
  NHN_PUBLIC_OWNER,
  type Simulator,
  type SimulatorImage,
  startSimulator,
} from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countedByHand, pickedByHand } from "./family-oracle.ts";
import { handlerFor, httpApiEvent, json, restApiEvent } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 400, seed: 5 });
});
afterAll(() => sim.close());

describe.each([
  ["HTTP API 2.0", httpApiEvent],
  ["REST API 1.0", restApiEvent],
] as const)("GET /images/latest through %s", (_, event) => {
  it.each(["v1", "v2"] as const)(
    "answers, for every family, the image a person picks from the list (%s)",
    async (version) => {
      const { handler } = handlerFor(sim, version);
      const listed = sim.listable({ api: version });
      // Nameless images make the family "", which `family` cannot name (an empty value is a 400).
      const families = [...new Set(listed.map((image) => image.family))].filter((f) => f !== "");
      expect(families.length).toBeGreaterThan(20);
      let answered = 0;
      for (const family of families) {
        const response = await handler(
          event(`/images/latest?family=${encodeURIComponent(family)}`),
        );
        const expected = pickedByHand(listed, family);
        if (expected === undefined) {
          expect(response.statusCode).toBe(404);
          continue;
        }
        expect(response.statusCode, family).toBe(200);
        expect(Image.parse(json(response))).toEqual(expected);
        answered++;
      }
      expect(answered).toBeGreaterThan(10);
    },
  );
});

describe("GET /images/latest", () => {
  const ubuntu = "Ubuntu Server 24.04.3 LTS";

  it("is the first row of GET /images with the same filters, status active and the default order", async () => {
    const { handler } = handlerFor(sim, "v2");
    for (const filters of [
      `family=${encodeURIComponent(ubuntu)}`,
      "visibility=private&fitsDisk=50",
      "name=prod-*&tag=golden",
      `family=${encodeURIComponent(ubuntu)},Rocky%20Linux%209.7&sizeMax=9000000000`,
    ]) {
      const list = json(await handler(httpApiEvent(`/images?status=active&${filters}&limit=1000`)));
      const latest = json(await handler(httpApiEvent(`/images/latest?${filters}`)));
      expect(latest).toEqual(list.images.find((image: Image) => !image.hidden));
    }
  });

  it("takes another status when asked, and projects with fields (the id always)", async () => {
    const { handler } = handlerFor(sim, "v2");
    const listed = sim.listable();
    const deactivated = listed
      .filter((image) => image.status === "deactivated")
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] as Image;
    const response = await handler(httpApiEvent("/images/latest?status=deactivated&fields=name"));
    expect(json(response)).toEqual({
      id: deactivated.id,
      region: "KR1",
      name: deactivated.name,
    });
  });

  it("breaks a createdAt tie by the smaller id, as the list does, and never picks a hidden image", async () => {
    const at = "2026-11-20T00:00:00.000Z";
    const twin = (id: string, fields: Partial<SimulatorImage> = {}): SimulatorImage => ({
      id,
      name: `web-golden-2026111${id.at(-1)}`,
      status: "active",
      diskFormat: "qcow2",
      isPublic: false,
      protected: false,
      minDisk: 0,
      minRam: 0,
      size: 1,
      properties: {},
      createdAt: at,
      updatedAt: at,
      visibility: "private",
      owner: DEMO_PROJECT.id,
      tags: [],
      region: "KR1",
      ...fields,
    });
    const retired = twin("90000000-0000-4000-8000-000000000009", {
      createdAt: "2026-11-21T00:00:00.000Z",
      hidden: true,
    });
    const own = await startSimulator({
      images: [
        twin("b0000000-0000-4000-8000-000000000002"),
        twin("a0000000-0000-4000-8000-000000000001"),
        retired,
      ],
    });
    try {
      const { handler } = handlerFor(own, "v2");
      const latest = json(await handler(httpApiEvent("/images/latest?family=web-golden")));
      expect(latest.id).toBe("a0000000-0000-4000-8000-000000000001");
      const [row] = json(await handler(httpApiEvent("/families"))).families;
      expect(row).toMatchObject({ images: 3, active: 3, latest: { id: latest.id } });
    } finally {
      await own.close();
    }
  });

  it("is a 404 problem when nothing matches", async () => {
    const { handler } = handlerFor(sim, "v2");
    const response = await handler(httpApiEvent("/images/latest?family=No%20Such%20Family"));
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toBe("application/problem+json");
    expect(json(response)).toMatchObject({ status: 404, title: "No image matches" });
  });

  it("needs a region when several are configured, and answers in the one given", async () => {
    const { handler } = handlerFor(sim, "v2", { NHN_REGION: "KR1,JP1" });
    const family = encodeURIComponent(ubuntu);
    const refused = await handler(httpApiEvent(`/images/latest?family=${family}`));
    expect(refused.statusCode).toBe(400);
    expect(json(refused).issues).toEqual([
      { param: "region", message: expect.stringContaining("KR1, JP1") },
    ]);
    const jp1 = json(await handler(httpApiEvent(`/images/latest?family=${family}&region=jp1`)));
    expect(jp1).toEqual(pickedByHand(sim.listable({ region: "JP1" }), ubuntu));
    expect(jp1.region).toBe("JP1");
  });

  it("refuses the parameters of a page, naming them and what it knows", async () => {
    const { handler } = handlerFor(sim, "v2");
    const response = await handler(httpApiEvent("/images/latest?sort=name&limit=2&family=x"));
    expect(response.statusCode).toBe(400);
    const issues = json(response).issues;
    expect(issues.map((issue: { param: string }) => issue.param)).toEqual(["sort", "limit"]);
    expect(issues[0].message).toMatch(/\/images\/latest; known: .*family/);
  });

  it("carries a strong ETag and answers 304 to it", async () => {
    const { handler } = handlerFor(sim, "v2");
    const path = `/images/latest?family=${encodeURIComponent(ubuntu)}`;
    const first = await handler(httpApiEvent(path));
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    const again = await handler(
      httpApiEvent(path, { headers: { "If-None-Match": first.headers.etag as string } }),
    );
    expect(again.statusCode).toBe(304);
  });
});

describe("GET /families", () => {
  /** Every page of a query, following `page.next` with the cursor alone. */
  async function walk(handler: ReturnType<typeof handlerFor>["handler"], query: string, limit = 7) {
    const rows: FamilyRow[] = [];
    let body = json(await handler(httpApiEvent(`/families?${query}&limit=${limit}`)));
    const matched = body.page.matched;
    for (;;) {
      rows.push(...body.families);
      if (body.page.next === null) return { rows, matched };
      body = json(
        await handler(httpApiEvent(`/families?cursor=${encodeURIComponent(body.page.next)}`)),
      );
    }
  }

  it.each(["v1", "v2"] as const)(
    "counts what the list holds, family by family (%s)",
    async (version) => {
      const { handler } = handlerFor(sim, version);
      const expected = countedByHand(sim.listable({ api: version }));
      const { rows, matched } = await walk(handler, "format=json");
      expect(matched).toBe(expected.length);
      expect(rows).toEqual(expected);
      for (const row of rows) expect(FamilyRow.parse(row)).toEqual(row);
      const total = rows.reduce((sum, row) => sum + row.images, 0);
      expect(total).toBe(sim.listable({ api: version }).length);
    },
  );

  it("filters rows by family glob, region and visibility, over every configured region", async () => {
    const { handler } = handlerFor(sim, "v2", { NHN_REGION: "KR1,JP1" });
    const listed = (["KR1", "JP1"] as Region[]).flatMap((region) => sim.listable({ region }));
    const all = countedByHand(listed);
    const ubuntu = await walk(handler, "family=ubuntu*&region=JP1");
    expect(ubuntu.rows).toEqual(
      all.filter((row) => row.family.toLowerCase().startsWith("ubuntu") && row.region === "JP1"),
    );
    expect(ubuntu.rows.length).toBeGreaterThan(1);
    const shared = await walk(handler, "visibility=shared");
    expect(shared.rows).toEqual(all.filter((row) => row.visibility === "shared"));
    expect(shared.rows.length).toBeGreaterThan(0);
    const publicRows = await walk(handler, "visibility=public");
    for (const row of publicRows.rows) {
      const latest = listed.find((image) => image.id === row.latest?.id);
      expect(latest?.owner).toBe(NHN_PUBLIC_OWNER);
    }
  });

  it("answers its latest as GET /images/latest does", async () => {
    const { handler } = handlerFor(sim, "v2");
    const { rows } = await walk(handler, "visibility=public", 100);
    for (const row of rows) {
      const latest = json(
        await handler(httpApiEvent(`/images/latest?family=${encodeURIComponent(row.family)}`)),
      );
      expect({ id: latest.id, name: latest.name, createdAt: latest.createdAt }).toEqual(row.latest);
    }
  });

  it("negotiates NDJSON and CSV with the paging headers, and a cursor made for other filters is a 400", async () => {
    const { handler } = handlerFor(sim, "v2");
    const ndjson = await handler(httpApiEvent("/families?limit=3&format=ndjson"));
    const lines = ndjson.body
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(ndjson.headers["x-total-count"]).toBe(String(countedByHand(sim.listable()).length));
    const next = ndjson.headers["x-next-cursor"] as string;
    const csv = await handler(
      httpApiEvent("/families?limit=3", { headers: { Accept: "text/csv" } }),
    );
    expect(csv.body.split("\r\n")[0]).toBe(
      "family,region,images,active,latestId,latestName,latestCreatedAt,oldestCreatedAt,totalBytes,visibility",
    );
    expect(csv.body.split("\r\n")[1]).toContain(lines[0].family);
    // Sent with the same filters, a cursor continues; with others, it is refused.
    const kr1 = json(await handler(httpApiEvent("/families?region=KR1&limit=3")));
    const more = json(
      await handler(
        httpApiEvent(`/families?region=KR1&cursor=${encodeURIComponent(kr1.page.next)}`),
      ),
    );
    const four = json(await handler(httpApiEvent("/families?region=KR1&limit=4"))).families;
    expect(more.families[0]).toEqual(four[3]);
    const other = await handler(
      httpApiEvent(`/families?region=KR1&cursor=${encodeURIComponent(next)}`),
    );
    expect(other.statusCode).toBe(400);
    expect(json(other).issues[0].param).toBe("cursor");
    const foreign = await handler(
      httpApiEvent(
        `/families?cursor=${encodeURIComponent(json(await handler(httpApiEvent("/images?limit=1"))).page.next)}`,
      ),
    );
    expect(foreign.statusCode).toBe(400);
  });

  it("names each bad parameter", async () => {
    const { handler } = handlerFor(sim, "v2");
    const response = await handler(
      httpApiEvent("/families?region=mars&visibility=secret&limit=0&status=active"),
    );
    expect(response.statusCode).toBe(400);
    expect(
      json(response)
        .issues.map((issue: { param: string }) => issue.param)
        .sort(),
    ).toEqual(["limit", "region", "status", "visibility"]);
  });
});

describe("family on GET /images", () => {
  it("filters by exact family names, sorts and projects by family", async () => {
    const { handler } = handlerFor(sim, "v2");
    const listed = sim.listable();
    const wanted = ["Rocky Linux 9.7", "Debian 12.13 Bookworm"];
    const body = json(
      await handler(
        httpApiEvent(
          `/images?family=${wanted.map(encodeURIComponent).join(",")}&sort=family,createdAt&fields=family&limit=1000`,
        ),
      ),
    );
    const expected = listed
      .filter((image) => wanted.includes(image.family))
      .sort(
        (a, b) =>
          compareCodePoints(a.family, b.family) ||
          a.createdAt.localeCompare(b.createdAt) ||
          compareCodePoints(a.id, b.id),
      )
      .map(({ id, region, family }) => ({ id, region, family }));
    expect(body.images).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);
    const exact = json(await handler(httpApiEvent("/images?family=rocky%20linux%209.7")));
    expect(exact.page.matched).toBe(0);
  });
});
