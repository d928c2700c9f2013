import {
  DEMO_PROJECT,
  generateImage,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  startSimulator,
} from "@nhn-images/simulator";
import { nhnFixture } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sim = await startSimulator({ images: 300, seed: 5 });
afterAll(() => sim.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, walked by path in assertions
type Json = any;

async function keystone(tenantId: string, password = "demo-password") {
  const response = await fetch(`${sim.url}/v2.0/tokens`, {
    method: "POST",
    body: JSON.stringify({
      auth: { tenantId, passwordCredentials: { username: "demo@example.com", password } },
    }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function v1Token(secret = "demo-secret-key") {
  const response = await fetch(`${sim.url}/v1.0/appkeys/demo-appkey/tokens`, {
    method: "POST",
    body: JSON.stringify({ auth: { username: "demo-access-key", password: secret } }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

let v2Token = "";
beforeAll(async () => {
  v2Token = (await keystone("demo-tenant")).body.access.token.id;
});

const v2 = async (query: string, path = "/v2/images") => {
  const response = await fetch(`${sim.url}${path}?${query}`, {
    headers: { "x-auth-token": v2Token },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      images: Record<string, Json>[];
      next?: string;
      [key: string]: unknown;
    },
  };
};

/** Every key path of a JSON value (array items merged), to compare shapes, not values. */
function shape(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => shape(item, `${path}[]`));
  if (typeof value !== "object" || value === null) return [path];
  return Object.entries(value).flatMap(([key, child]) => [
    `${path}.${key}`,
    ...shape(child, `${path}.${key}`),
  ]);
}
const uniqueShape = (value: unknown) => [...new Set(shape(value))].sort();

describe("the simulator's answers have NHN's documented shapes", () => {
  it("Keystone: the token, its tenant, a service catalog, the user and metadata", async () => {
    const { status, body } = await keystone("demo-tenant");
    expect(status).toBe(200);
    expect(uniqueShape(body)).toEqual(
      uniqueShape(nhnFixture("toast-cloud.public-api.iaas-token.issue-token")),
    );
    expect(body.access.token.expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(body.access.token.issued_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(body.access.token.id).toMatch(/^[0-9a-f]{32}$/);
    const image = body.access.serviceCatalog.find((entry: Json) => entry.type === "image");
    expect(image.endpoints.map((e: Json) => e.region)).toEqual(["KR1", "KR2", "KR3", "JP1"]);
    expect(image.endpoints[1].publicURL).toBe(`${sim.url}/image/kr2`);
  });

  it("v1 token: {header, access: {token: {expires, id, issued_at}, user}}", async () => {
    const { status, body } = await v1Token();
    expect(status).toBe(200);
    expect(uniqueShape(body)).toEqual(
      uniqueShape(nhnFixture("compute-instance.old.api-common-guide.issue-token")),
    );
  });

  it("v1 image list: the product guide's fields", async () => {
    const token = (await v1Token()).body.access.token.id;
    const response = await fetch(`${sim.url}/v1.0/appkeys/demo-appkey/images?limit=5`, {
      headers: { "x-auth-token": token },
    });
    const body = (await response.json()) as Json;
    const documented = nhnFixture<Json>("compute-image.old.api-guide.list-images");
    const withoutProperties = (v: Json) =>
      uniqueShape(v).filter((p) => !p.includes(".properties."));
    expect(withoutProperties(body)).toEqual(withoutProperties(documented));
  });

  it("Glance list: the example's envelope and fields, custom properties at the top level", async () => {
    const page = await v2("limit=2&visibility=public");
    const documented = nhnFixture<Json>("compute-image.public-api.list-images");
    expect(Object.keys(page.body).sort()).toEqual(Object.keys(documented).sort());
    const image = page.body.images[0] as Record<string, unknown>;
    const documentedImage = documented.images[0] as Record<string, unknown>;
    // The same keys as the example's image, NHN's download property, and Glance's `os_hidden`
    // (every image of a real Glance carries it; NHN's 2018 example predates it, and the guide
    // says fields it does not show may appear).
    expect(Object.keys(image).sort()).toEqual(
      [...Object.keys(documentedImage), "nhncloud_allow_download", "os_hidden"].sort(),
    );
    for (const [key, value] of Object.entries(documentedImage))
      expect(typeof image[key], key).toBe(typeof value);
    expect(image.properties).toBeUndefined();
  });
});

describe("logins", () => {
  it("are refused the way NHN refuses them: v1 with HTTP 200 and -3, Keystone and Glance with 401", async () => {
    const v1 = await v1Token("wrong");
    expect(v1.status).toBe(200);
    expect(v1.body.header).toMatchObject({ isSuccessful: false, resultCode: -3 });
    expect((await keystone("demo-tenant", "wrong")).status).toBe(401);
    expect((await keystone("someone-elses-project")).status).toBe(401);
    const list = await fetch(`${sim.url}/v1.0/appkeys/other-appkey/images`, {
      headers: { "x-auth-token": "x" },
    });
    expect(((await list.json()) as Json).header.resultCode).toBe(-3);
    expect((await fetch(`${sim.url}/v2/images`)).status).toBe(401);
  });

  it("take the demo project by its id or its documented name, and the partner project", async () => {
    expect((await keystone(DEMO_PROJECT.id)).body.access.token.tenant.id).toBe(DEMO_PROJECT.id);
    expect((await keystone("demo-tenant")).body.access.token.tenant.id).toBe(DEMO_PROJECT.id);
    expect((await keystone(PARTNER_PROJECT.id)).body.access.token.tenant.name).toBe(
      "partner-tenant",
    );
  });
});

describe("Glance's listing", () => {
  it("pages 100 images by default, at most 1,000, with next links that keep the filters", async () => {
    expect((await v2("visibility=all&member_status=all")).body.images).toHaveLength(100);
    const first = await v2("limit=10&status=active");
    expect(first.body.images).toHaveLength(10);
    expect(first.body.next).toContain("status=active");
    const second = await v2(first.body.next?.split("?")[1] ?? "");
    expect(second.body.images.every((i) => i.status === "active")).toBe(true);
    expect(second.body.images[0]?.id).not.toBe(first.body.images[0]?.id);
  });

  it("applies Glance's documented filters and sorting", async () => {
    const publics = await v2("visibility=public&limit=1000");
    expect(publics.body.images.length).toBeGreaterThan(0);
    expect(
      publics.body.images.every((i) => i.visibility === "public" && i.owner === NHN_PUBLIC_OWNER),
    ).toBe(true);
    const owned = await v2(`owner=${DEMO_PROJECT.id}&limit=1000`);
    expect(owned.body.images.every((i) => i.owner === DEMO_PROJECT.id)).toBe(true);
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
    expect((await v2("sort_key=colour")).status).toBe(400);
    expect((await v2("visibility=galactic")).status).toBe(400);
    expect((await v2("marker=not-an-id")).status).toBe(400);
  });

  it("lists shares pending for the project only with member_status=all, and never a deleted image", async () => {
    const all = await v2("limit=1000&visibility=all&member_status=all");
    const defaults = await v2("limit=1000");
    const pending = all.body.images.filter(
      (i) => i.owner === PARTNER_PROJECT.id && !defaults.body.images.some((d) => d.id === i.id),
    );
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((i) => i.visibility === "shared")).toBe(true);
    expect(
      all.body.images.some((i) => i.status === "deleted" || i.status === "pending_delete"),
    ).toBe(false);
    const hidden = await v2("limit=1000&visibility=all&member_status=all&os_hidden=true");
    expect(all.body.images.length + hidden.body.images.length).toBe(sim.listable().length);
  });

  it("lists hidden images only with os_hidden=true (true or false in any case), as Glance does", async () => {
    const visible = await v2("limit=1000&visibility=all&member_status=all");
    const hidden = await v2("limit=1000&visibility=all&member_status=all&os_hidden=TRUE");
    const shown = await v2("limit=1000&visibility=all&member_status=all&os_hidden=False");
    expect(hidden.body.images.length).toBeGreaterThan(0);
    expect(hidden.body.images.every((i) => i.os_hidden === true)).toBe(true);
    expect(visible.body.images.every((i) => i.os_hidden === false)).toBe(true);
    expect(shown.body.images.map((i) => i.id)).toEqual(visible.body.images.map((i) => i.id));
    expect((await v2("os_hidden=1")).status).toBe(400);
    const one = hidden.body.images[0] as { id: string };
    expect((await v2("", `/v2/images/${one.id}`)).status).toBe(200);
  });

  it("lists community images only when asked for them", async () => {
    const own = await startSimulator({
      images: [
        {
          ...generateImage(1, 1),
          visibility: "community",
          owner: PARTNER_PROJECT.id,
          isPublic: false,
        },
        { ...generateImage(1, 2), visibility: "public", owner: NHN_PUBLIC_OWNER, isPublic: true },
      ],
    });
    try {
      const token = (
        (await (
          await fetch(`${own.url}/v2.0/tokens`, {
            method: "POST",
            body: JSON.stringify({
              auth: {
                tenantId: "demo-tenant",
                passwordCredentials: { username: "demo@example.com", password: "demo-password" },
              },
            }),
          })
        ).json()) as Json
      ).access.token.id;
      const list = async (query: string) =>
        (
          (await (
            await fetch(`${own.url}/v2/images?${query}`, { headers: { "x-auth-token": token } })
          ).json()) as Json
        ).images.length;
      expect(await list("")).toBe(1);
      expect(await list("visibility=all")).toBe(2);
      expect(await list("visibility=community")).toBe(1);
    } finally {
      await own.close();
    }
  });

  it("serves each region's images at the catalog's endpoint", async () => {
    const kr1 = await v2("limit=5", "/image/kr1/v2/images");
    const kr2 = await v2("limit=5", "/image/kr2/v2/images");
    expect(kr1.body.images.map((i) => i.id)).toEqual(
      (await v2("limit=5")).body.images.map((i) => i.id),
    );
    expect(kr2.body.images.map((i) => i.id)).not.toEqual(kr1.body.images.map((i) => i.id));
  });

  it("pages in id order both ways, and the ignore-sort fault falls back to the default order", async () => {
    const count = sim.listable().filter((image) => !image.hidden).length;
    for (const dir of ["asc", "desc"] as const) {
      const ids: string[] = [];
      let query: string | null =
        `sort_key=id&sort_dir=${dir}&limit=70&visibility=all&member_status=all`;
      while (query !== null) {
        const page = await v2(query);
        ids.push(...page.body.images.map((i) => i.id as string));
        query = page.body.next?.split("?")[1] ?? null;
      }
      const sorted = [...ids].sort();
      expect(ids).toEqual(dir === "asc" ? sorted : sorted.reverse());
      expect(new Set(ids).size).toBe(count);
    }
    sim.faults.add({ routes: ["v2-images"], fault: { kind: "ignore-sort" } });
    const unsorted = (await v2("sort_key=id&sort_dir=asc&limit=20&visibility=all")).body.images.map(
      (i) => i.id as string,
    );
    expect(unsorted).not.toEqual([...unsorted].sort());
    sim.faults.clear();
  });

  it("injects a fault on the chosen route and region, after `skip` requests, `times` times", async () => {
    sim.faults.add({
      routes: ["v2-images"],
      regions: ["KR1"],
      skip: 1,
      times: 2,
      fault: { kind: "status", status: 503 },
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await v2("limit=1")).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
    expect((await v2("limit=1", "/image/jp1/v2/images")).status).toBe(200);
    sim.faults.clear();
  });
});

describe("generated images", () => {
  it("are the same for the same seed and region, and different for another", () => {
    expect(generateImage(5, 42)).toEqual(generateImage(5, 42));
    expect(generateImage(6, 42).id).not.toBe(generateImage(5, 42).id);
    expect(generateImage(5, 42, "JP1").id).not.toBe(generateImage(5, 42).id);
    expect(generateImage(5, 999_999).id).toMatch(/-0000000f423f$/);
  });

  it("look like NHN's: 32-hex owners, NHN's public names and properties, _AVAILABLE_ on current public images", () => {
    // An hour apart: 5,000 images span 208 days, past the 180 in which public images stay current.
    const images = Array.from({ length: 5000 }, (_, i) => generateImage(5, i));
    expect(images.every((i) => i.owner !== null && /^[0-9a-f]{32}$/.test(i.owner))).toBe(true);
    const publics = images.filter((i) => i.visibility === "public");
    expect(publics.every((i) => i.owner === NHN_PUBLIC_OWNER)).toBe(true);
    expect(publics.every((i) => /^[A-Z].* \(\d{4}\.\d{2}\.\d{2}\)( KO| EN)?$/.test(i.name))).toBe(
      true,
    );
    expect(publics.every((i) => i.properties.hypervisor_type === "qemu")).toBe(true);
    expect(publics.some((i) => i.properties.os_distro === "CentOS")).toBe(true);
    expect(publics.some((i) => i.tags.includes("_AVAILABLE_"))).toBe(true);
    expect(publics.some((i) => !i.tags.includes("_AVAILABLE_"))).toBe(true);
    const keys = new Set(images.flatMap((i) => Object.keys(i.properties)));
    for (const invented of ["nhn_image_type", "release_date", "owner_project"])
      expect(keys.has(invented)).toBe(false);
    expect(images.some((i) => i.visibility === "shared" && i.owner === PARTNER_PROJECT.id)).toBe(
      true,
    );
  });
});

describe("the day option", () => {
  it("adds, removes, renames, deactivates and retags images from one day to the next, the same way every time", async () => {
    const own = await startSimulator({ images: 500, seed: 3, day: 0 });
    try {
      const day0 = own.listable();
      own.setDay(1);
      const day1 = own.listable();
      own.setDay(0);
      expect(own.listable()).toEqual(day0);
      own.setDay(1);
      expect(own.listable()).toEqual(day1);
      const before = new Map(day0.map((i) => [i.id, i]));
      const after = new Map(day1.map((i) => [i.id, i]));
      const added = day1.filter((i) => !before.has(i.id));
      const removed = day0.filter((i) => !after.has(i.id));
      const changed = day1.filter(
        (i) => before.has(i.id) && JSON.stringify(before.get(i.id)) !== JSON.stringify(i),
      );
      expect(added.length).toBeGreaterThan(0);
      expect(
        added.every(
          (i) =>
            i.createdAt > "2026-11-25T15:00:00.000Z" && i.createdAt <= "2026-11-26T15:00:00.000Z",
        ),
      ).toBe(true);
      expect(removed.length).toBeGreaterThan(0);
      const how = (field: "name" | "status" | "tags") =>
        changed.filter(
          (i) => JSON.stringify(i[field]) !== JSON.stringify(before.get(i.id)?.[field]),
        );
      expect(how("name").length + how("status").length + how("tags").length).toBeGreaterThan(0);
      expect(changed.every((i) => i.updatedAt > (before.get(i.id)?.updatedAt ?? ""))).toBe(true);
    } finally {
      await own.close();
    }
  });

  it("releases public images as NHN does: a family's new dated release appears, the previous stays a while, then goes", async () => {
    const own = await startSimulator({ images: 1000, seed: 3 });
    try {
      /** The names of a family's public releases on a day, oldest first. */
      const releases = (day: number, family: string) => {
        own.setDay(day);
        return own
          .listable()
          .filter((image) => image.visibility === "public" && image.family === family)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
          .map((image) => image.name);
      };
      // Day 2's release is the second public family's (CentOS is the first, on day 1).
      const family = "Ubuntu Server 22.04.5 LTS";
      const before = releases(1, family);
      expect(before.length).toBeGreaterThan(1);
      const released = releases(2, family);
      expect(released.slice(0, -1)).toEqual(before);
      expect(released.at(-1)).toBe(`${family} (2026.11.26)`);
      // Both are listed for three days after the release; on the third, only the new one is.
      expect(releases(4, family)).toEqual(released);
      expect(releases(5, family)).toEqual([`${family} (2026.11.26)`]);
      // Another family's releases are untouched until its own day comes.
      expect(releases(5, "Rocky Linux 9.7").length).toBeGreaterThan(1);
    } finally {
      await own.close();
    }
  });
});
