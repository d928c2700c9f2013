import { generateImage, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sim = await startSimulator({ images: 300, seed: 5 });
afterAll(() => sim.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, walked by path in assertions
type Json = any;

async function token(kind: "v1" | "v2", password = "demo-password") {
  const response =
    kind === "v1"
      ? await fetch(`${sim.url}/v1.0/appkeys/demo-appkey/tokens`, {
          method: "POST",
          body: JSON.stringify({ auth: { username: "demo@example.com", password } }),
        })
      : await fetch(`${sim.url}/v2.0/tokens`, {
          method: "POST",
          body: JSON.stringify({
            auth: {
              tenantId: "demo-tenant",
              passwordCredentials: { username: "demo@example.com", password },
            },
          }),
        });
  return { status: response.status, body: (await response.json()) as Record<string, Json> };
}

let v2Token = "";
beforeAll(async () => {
  v2Token = (await token("v2")).body.access.token.id;
});

const v2 = async (query: string) => {
  const response = await fetch(`${sim.url}/v2/images?${query}`, {
    headers: { "x-auth-token": v2Token },
  });
  return {
    status: response.status,
    body: (await response.json()) as { images: Record<string, Json>[]; next?: string },
  };
};

describe("the simulator", () => {
  it("generates the same images for the same seed, and different ones for another", () => {
    expect(generateImage(5, 42)).toEqual(generateImage(5, 42));
    expect(generateImage(6, 42).id).not.toBe(generateImage(5, 42).id);
    expect(generateImage(5, 999_999).id).toMatch(/-0000000f423f$/);
  });

  it("refuses wrong credentials the way NHN does: v1 with HTTP 200 and -3, identity with 401", async () => {
    const v1 = await token("v1", "wrong");
    expect(v1.status).toBe(200);
    expect(v1.body.header).toMatchObject({ isSuccessful: false, resultCode: -3 });
    expect((await token("v2", "wrong")).status).toBe(401);
    const list = await fetch(`${sim.url}/v1.0/appkeys/other-appkey/images`, {
      headers: { "x-auth-token": "x" },
    });
    expect(((await list.json()) as { header: { resultCode: number } }).header.resultCode).toBe(-3);
    expect((await fetch(`${sim.url}/v2/images`)).status).toBe(401);
  });

  it("pages v2 with next links that keep the filters", async () => {
    const first = await v2("limit=10&status=active");
    expect(first.body.images).toHaveLength(10);
    expect(first.body.next).toContain("status=active");
    const second = await v2(first.body.next?.split("?")[1] ?? "");
    expect(second.body.images.every((i) => i.status === "active")).toBe(true);
    expect(second.body.images[0]?.id).not.toBe(first.body.images[0]?.id);
  });

  it("applies Glance's documented filters and sorting", async () => {
    const publics = await v2("visibility=public&limit=1000");
    expect(publics.body.images.every((i) => i.visibility === "public")).toBe(true);
    const sized = await v2(
      `size_min=${4 * 1024 ** 3}&size_max=${8 * 1024 ** 3 + 1024 ** 2}&limit=1000`,
    );
    expect(
      sized.body.images.every(
        (i) => i.size >= 4 * 1024 ** 3 && i.size <= 8 * 1024 ** 3 + 1024 ** 2,
      ),
    ).toBe(true);
    const sorted = await v2("sort_key=name&sort_dir=asc&limit=1000&visibility=all");
    const names = sorted.body.images.map((i) => i.name as string);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const all = await v2("visibility=all&limit=1000");
    const defaults = await v2("limit=1000");
    expect(all.body.images.length).toBeGreaterThan(defaults.body.images.length); // community only on request
    expect((await v2("sort_key=colour")).status).toBe(400);
    expect((await v2("marker=not-an-id")).status).toBe(404);
  });

  it("puts custom properties at the top level in v2 and in properties in v1", async () => {
    const [image] = (await v2("limit=1&visibility=public")).body.images;
    expect(image?.os_distro).toEqual(expect.any(String));
    expect(image?.properties).toBeUndefined();
  });

  it("injects a fault on the chosen route, after `skip` requests, `times` times", async () => {
    sim.faults.add({
      routes: ["v2-images"],
      skip: 1,
      times: 2,
      fault: { kind: "status", status: 503 },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await v2("limit=1")).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
    sim.faults.clear();
  });
});

describe("v2 sort_key=id", () => {
  it("pages in id order both ways, and the ignore-sort fault falls back to the default order", async () => {
    for (const dir of ["asc", "desc"] as const) {
      const ids: string[] = [];
      let query: string | null = `sort_key=id&sort_dir=${dir}&limit=70&visibility=all`;
      while (query !== null) {
        const page = await v2(query);
        ids.push(...page.body.images.map((i) => i.id as string));
        query = page.body.next?.split("?")[1] ?? null;
      }
      const sorted = [...ids].sort();
      expect(ids).toEqual(dir === "asc" ? sorted : sorted.reverse());
      expect(new Set(ids).size).toBe(300);
    }
    sim.faults.add({ routes: ["v2-images"], fault: { kind: "ignore-sort" } });
    const unsorted = (await v2("sort_key=id&sort_dir=asc&limit=20&visibility=all")).body.images.map(
      (i) => i.id as string,
    );
    expect(unsorted).not.toEqual([...unsorted].sort());
    sim.faults.clear();
  });
});
