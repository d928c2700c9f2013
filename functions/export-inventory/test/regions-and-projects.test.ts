import { gzipSync } from "node:zlib";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { compareIdThenRegion, type Image, REGIONS } from "@nhn-images/core";
import type { Change } from "@nhn-images/inventory/export";
import {
  DEMO_PROJECT,
  imageOf,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type SimulatorImage,
} from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, BUCKET, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const everywhere = {
  NHN_REGION: "all",
  NHN_TENANT_ID: `${DEMO_PROJECT.id},${PARTNER_PROJECT.id}`,
};
const run = (date: string, env: Record<string, string> = everywhere) =>
  h.handler({ apiVersion: "v2", env, now: at(`${date}T16:00:00Z`) })({ date });
const changesOf = (date: string) =>
  h.ndjson<Change>(`${PREFIX}ndjson/changes/dt=${date}/changes.ndjson.gz`);
const strip = imageOf;

/** The same pool of listed images in every region, each region with an id of its own, and one id in two. */
function world(): SimulatorImage[] {
  const pool = listedImages(31, 8);
  const twinId = "00000000-0000-4000-8000-00000000beef";
  return [
    ...REGIONS.flatMap((region, r) =>
      pool.map((image, i) => ({
        ...image,
        region,
        id: `${String(r)}${image.id.slice(1)}`,
        name: `${region}-${i}`,
      })),
    ),
    { ...(pool[0] as SimulatorImage), id: twinId, region: "KR1" },
    { ...(pool[1] as SimulatorImage), id: twinId, region: "JP1" },
    {
      ...(pool[2] as SimulatorImage),
      id: "00000000-0000-4000-8000-00000000f00d",
      visibility: "shared",
      owner: DEMO_PROJECT.id,
      isPublic: false,
      members: { [PARTNER_PROJECT.id]: "accepted" },
    },
  ];
}

describe("an export over every region and two projects", () => {
  it("holds each (region, id) once, in id then region order, and says where it listed", async () => {
    const images = world();
    h.sim.setImages(images);
    const result = await run("2026-09-01");
    const written = await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=2026-09-01/images.ndjson.gz`);
    expect(written).toEqual(images.map(strip).sort(compareIdThenRegion));
    expect(result.images).toBe(images.length);
    const manifest = await h.manifest("2026-09-01");
    await h.verifyManifest(manifest);
    expect(manifest.source).toEqual({
      api: "v2",
      regions: ["KR1", "KR2", "KR3", "JP1"],
      projects: [DEMO_PROJECT.id, PARTNER_PROJECT.id],
    });
    expect(manifest.counts.byRegion).toEqual({ KR1: 10, KR2: 8, KR3: 8, JP1: 9 });
    expect(Object.values(manifest.counts.byVisibility).reduce((a, b) => a + b, 0)).toBe(
      images.length,
    );
    const changes = await changesOf("2026-09-01");
    expect(changes.map((c) => [c.id, c.region])).toEqual(written.map((i) => [i.id, i.region]));
  });

  it("merges eight listings in id order with at most four image requests in flight", async () => {
    h.sim.setImages(world());
    h.sim.faults.add({ routes: ["v2-images"], fault: { kind: "latency", ms: 40 } });
    let inFlight = 0;
    let peak = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const counted = String(input).includes("/v2/images");
      if (counted) peak = Math.max(peak, ++inFlight);
      try {
        return await globalThis.fetch(input, init);
      } finally {
        if (counted) inFlight--;
      }
    };
    h.sim.resetCounts();
    await h.handler({ apiVersion: "v2", env: everywhere, fetch, now: at("2026-09-01T18:00:00Z") })({
      date: "2026-09-01",
    });
    h.sim.faults.clear();
    // 4 regions × 2 projects, each with its hidden images listed apart.
    expect(h.sim.listings.v2).toBe(16);
    expect(peak).toBe(4);
    expect(h.logs.filter((l) => l.message === "Export finished").at(-1)?.extra).toMatchObject({
      mode: "streamed",
    });
  });

  it("keys the diff by (region, id): the same id in two regions changes on its own, and tags and visibility are fields", async () => {
    const images = world();
    const twins = images.filter((i) => i.id.endsWith("beef"));
    const retagged = images.find((i) => i.region === "KR2") as SimulatorImage;
    const reshared = images.find((i) => i.id.endsWith("f00d")) as SimulatorImage;
    const next = images.map((image) => {
      if (image === twins[1]) return { ...image, status: "deactivated" };
      if (image === retagged) return { ...image, tags: [...image.tags, "golden"].sort() };
      if (image === reshared) {
        const { members: _members, ...unshared } = image;
        return { ...unshared, visibility: "private" as const };
      }
      return image;
    });
    h.sim.setImages(next);
    await run("2026-09-02");
    const manifest = await h.manifest("2026-09-02");
    expect(manifest.changes).toEqual({ added: 0, removed: 0, changed: 3 });
    const changes = await changesOf("2026-09-02");
    expect(changes.find((c) => c.id === twins[1]?.id)).toMatchObject({
      region: "JP1",
      fields: { status: { from: twins[1]?.status, to: "deactivated" } },
    });
    expect(changes.find((c) => c.id === retagged.id)?.fields).toEqual({
      tags: { from: retagged.tags, to: [...retagged.tags, "golden"].sort() },
    });
    expect(changes.find((c) => c.id === reshared.id)?.fields).toEqual({
      visibility: { from: "shared", to: "private" },
    });
  });
});

describe("a snapshot written by the first version", () => {
  it("diffs against the new one without reporting the fields it did not hold as changed", async () => {
    const date = "2026-08-01";
    const images: SimulatorImage[] = listedImages(32, 6).map((image) => ({
      ...image,
      region: "KR2",
      tags: image.visibility === "public" ? ["_AVAILABLE_"] : [],
      owner: image.visibility === "public" ? NHN_PUBLIC_OWNER : image.owner,
    }));
    // The first version's lines: the fields of its Image, sorted by id, with its manifest.
    const legacy = [...images]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(({ visibility: _v, owner: _o, tags: _t, region: _r, members: _m, ...old }) => old);
    const changed = legacy[2] as (typeof legacy)[number];
    legacy[2] = { ...changed, name: "an older name" };
    const put = (key: string, body: string | Buffer) =>
      h.direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${key}`, Body: body }));
    await put(
      `images/dt=${date}/images.ndjson.gz`,
      gzipSync(legacy.map((i) => `${JSON.stringify(i)}\n`).join("")),
    );
    await put(
      `manifests/dt=${date}/manifest.json`,
      JSON.stringify({
        schemaVersion: 1,
        snapshotDate: date,
        source: { api: "v2", region: "KR2" },
        objects: [{ key: `${PREFIX}images/dt=${date}/images.ndjson.gz` }],
      }),
    );
    h.sim.setImages(images);
    await run("2026-08-02", { NHN_REGION: "KR2" });
    const manifest = await h.manifest("2026-08-02");
    expect(manifest.previousSnapshotDate).toBe(date);
    expect(manifest.changes).toEqual({ added: 0, removed: 0, changed: 1 });
    expect((await changesOf("2026-08-02"))[0]).toMatchObject({
      id: changed.id,
      region: "KR2",
      fields: { name: { from: "an older name", to: changed.name } },
    });
  });
});
