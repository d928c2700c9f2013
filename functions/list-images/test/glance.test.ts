import type { FamilyRow, Image } from "@nhn-images/core";
import {
  DEMO_PROJECT,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type Simulator,
  startSimulator,
} from "@nhn-images/simulator";
import {
  type GlanceWithEstate,
  OPENSTACK_AVAILABLE,
  startGlanceWithEstate,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countedByHand, pickedByHand } from "./family-oracle.ts";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

/**
 * The list endpoint over the real Glance (Image API v2, what NHN Cloud serves), its tokens issued
 * by the simulator's Keystone v2 and mapped to Glance's trusted headers by a gateway, so the
 * client speaks exactly what it speaks to NHN. The estate is built through Glance's own API.
 */
const BULK = 1_050; // more than one page of Glance's largest (1,000)

let real: GlanceWithEstate;
let sim: Simulator;
beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  real = await startGlanceWithEstate(
    { own: DEMO_PROJECT.id, partner: PARTNER_PROJECT.id, publisher: NHN_PUBLIC_OWNER },
    BULK,
  );
  sim = await startSimulator({ images: 0, imageEndpoints: { KR1: real.gateway.url } });
  real.gateway.trust((token) => sim.projectOfToken(token));
}, 180_000);
afterAll(async () => {
  await sim?.close();
  await real?.close();
});

const handler = (env: Record<string, string> = {}) =>
  handlerFor(sim, "v2", { NHN_REGION: "KR1", IMAGES_CACHE_TTL_S: "0", ...env }).handler;

async function listAll(query: string, env: Record<string, string> = {}): Promise<Image[]> {
  const get = handler(env);
  const images: Image[] = [];
  let cursor: string | null = null;
  do {
    const page = `/images?${query}&limit=1000${cursor === null ? "" : `&cursor=${cursor}`}`;
    const response = await get(httpApiEvent(page));
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    images.push(...body.images);
    cursor = body.page.next;
  } while (cursor !== null);
  return images;
}

/** An image as Glance holds it, read with the owner's trusted headers. */
const asGlanceHolds = (id: string, owner: string) =>
  real.glance.as({ project: owner }).json<Record<string, unknown>>("GET", `/v2/images/${id}`);

describe.runIf(OPENSTACK_AVAILABLE)("GET /images over the real Glance", () => {
  it("lists exactly the images the project can use — own, shared with it at any member status, community, public, hidden, deactivated — and nothing deleted or private to others", async () => {
    for (const ttl of ["0", "60"]) {
      const images = await listAll("sort=name", { IMAGES_CACHE_TTL_S: ttl });
      expect(images.map((image) => image.id).sort()).toEqual(real.estate.usableIds());
    }
  });

  it("holds each image field by field as Glance does", async () => {
    const images = new Map(
      (await listAll("visibility=private,shared,community,public")).map((i) => [i.id, i]),
    );
    for (const story of [
      "active with data and properties",
      "hidden",
      "deactivated",
      "protected",
      "public",
    ]) {
      for (const expected of real.estate.byStory(story)) {
        const held = await asGlanceHolds(expected.id, expected.owner);
        const image = images.get(expected.id) as Image;
        expect(image, story).toMatchObject({
          name: held.name,
          status: held.status,
          visibility: held.visibility,
          owner: held.owner,
          protected: held.protected,
          hidden: held.os_hidden,
          size: held.size,
          minDisk: held.min_disk,
          minRam: held.min_ram,
          diskFormat: held.disk_format,
          tags: [...(held.tags as string[])].sort(),
          createdAt: new Date(held.created_at as string).toISOString(),
          region: "KR1",
        });
      }
    }
    const active = images.get(
      real.estate.byStory("active with data and properties")[0]?.id as string,
    );
    expect(active).toMatchObject({
      status: "active",
      size: 4096,
      properties: { os_distro: "ubuntu", image_family: "ubuntu-golden" },
    });
    expect(Object.keys(active?.properties ?? {}).sort()).toEqual(["image_family", "os_distro"]);
    expect(images.get(real.estate.byStory("hidden")[0]?.id as string)?.hidden).toBe(true);
    expect(images.get(real.estate.byStory("deactivated")[0]?.id as string)?.status).toBe(
      "deactivated",
    );
  });

  it("answers every filter the client pushes upstream as the full listing filtered here does", async () => {
    const all = await listAll("sort=name");
    const queries: [string, (image: Image) => boolean][] = [
      ["status=active", (i) => i.status === "active"],
      ["status=deactivated", (i) => i.status === "deactivated"],
      ["visibility=community", (i) => i.visibility === "community"],
      ["visibility=shared", (i) => i.visibility === "shared"],
      ["visibility=public", (i) => i.visibility === "public"],
      [`owner=${PARTNER_PROJECT.id}`, (i) => i.owner === PARTNER_PROJECT.id],
      ["sizeMin=2000", (i) => i.size !== null && i.size >= 2000],
      ["sizeMax=2000", (i) => i.size !== null && i.size <= 2000],
      // Glance's name and tag filters are exact and case-sensitive; ours are case-insensitive
      // globs, applied here: the answers must not depend on which does the work.
      ["name=UBUNTU*", (i) => i.name.toLowerCase().startsWith("ubuntu")],
      ["tag=GOLDEN", (i) => i.tags.includes("golden")],
    ];
    for (const [query, keep] of queries) {
      const filtered = await listAll(`${query}&sort=name`);
      expect(
        filtered.map((i) => i.id),
        query,
      ).toEqual(all.filter(keep).map((i) => i.id));
      expect(filtered.length, query).toBeGreaterThan(0);
    }
  });

  it("pages through more than a thousand images, each once", async () => {
    const get = handler();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        httpApiEvent(
          `/images?limit=400&sort=createdAt:asc${cursor === null ? "" : `&cursor=${cursor}`}`,
        ),
      );
      const body = json(response);
      seen.push(...body.images.map((image: Image) => image.id));
      cursor = body.page.next;
    } while (cursor !== null);
    expect(seen.length).toBeGreaterThan(1000);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(real.estate.usableIds());
  });

  it("GET /images/{id} finds a hidden image, a share still pending, and 404s a deleted one", async () => {
    const get = handler();
    for (const story of ["hidden", "shared with us, pending", "stranger's community"]) {
      const id = real.estate.byStory(story)[0]?.id as string;
      const response = await get(httpApiEvent(`/images/${id}`));
      expect(response.statusCode, story).toBe(200);
      expect(json(response).id).toBe(id);
    }
    const deleted = real.estate.byStory("deleted")[0]?.id as string;
    expect((await get(httpApiEvent(`/images/${deleted}`))).statusCode).toBe(404);
  });

  it("GET /images/latest answers, for every family, the image a person picks from the list; GET /families counts the list", async () => {
    // Every family over the warm list; the named ones also uncached, status pushed to Glance.
    const warm = handler({ IMAGES_CACHE_TTL_S: "60" });
    const cold = handler();
    const listed = await listAll("sort=name");
    const named = ["Ubuntu Server 24.04.3 LTS", "ubuntu-golden", "Rocky Linux 9.6", "team share"];
    let answered = 0;
    for (const family of new Set(listed.map((image) => image.family))) {
      const expected = pickedByHand(listed, family);
      for (const get of named.includes(family) ? [warm, cold] : [warm]) {
        const query = `family=${encodeURIComponent(family)}`;
        const response = await get(httpApiEvent(`/images/latest?${query}`));
        expect(response.statusCode, family).toBe(expected === undefined ? 404 : 200);
        if (expected !== undefined) expect(json(response), family).toEqual(expected);
      }
      if (expected !== undefined) answered++;
    }
    expect(answered).toBeGreaterThanOrEqual(3);
    const get = warm;
    const rows: FamilyRow[] = [];
    let cursor: string | null = null;
    do {
      const page = `/families?limit=500${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
      const body = json(await get(httpApiEvent(page)));
      rows.push(...body.families);
      cursor = body.page.next;
    } while (cursor !== null);
    expect(rows).toEqual(countedByHand(listed));
    // The releases NHN names with its stamp, and the goldens their property names, are one family.
    const row = (family: string) => rows.find((r) => r.family === family);
    expect(row("Ubuntu Server 24.04.3 LTS")).toMatchObject({
      images: 2,
      active: 2,
      visibility: "public",
    });
    expect(row("ubuntu-golden")).toMatchObject({ images: 2, active: 2, totalBytes: 4096 + 2048 });
    expect(row("Rocky Linux 9.6")).toMatchObject({ images: 1, active: 1 });
  });
});
