import type { Image } from "@nhn-images/core";
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
import { ndjson, runCli } from "./cli-harness.ts";

/** `nhn-images` over a real Glance, its tokens issued by the simulator's Keystone v2. */
let real: GlanceWithEstate;
let sim: Simulator;
let env: Record<string, string>;
beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  real = await startGlanceWithEstate(
    { own: DEMO_PROJECT.id, partner: PARTNER_PROJECT.id, publisher: NHN_PUBLIC_OWNER },
    40,
  );
  sim = await startSimulator({ images: 0, imageEndpoints: { KR1: real.gateway.url } });
  real.gateway.trust((token) => sim.projectOfToken(token));
  env = { ...sim.env("v2"), NHN_REGION: "KR1" };
}, 180_000);
afterAll(async () => {
  await sim?.close();
  await real?.close();
});

describe.runIf(OPENSTACK_AVAILABLE)("nhn-images over the real Glance", () => {
  it("images lists exactly what the project can use, hidden ones included", async () => {
    const run = await runCli(["images", "-o", "ndjson"], env);
    expect(run.code, run.stderr).toBe(0);
    const images = ndjson(run.stdout) as Image[];
    expect(images.map((image) => image.id).sort()).toEqual(real.estate.usableIds());
    expect(images.filter((image) => image.hidden).map((image) => image.id)).toEqual(
      real.estate.byStory("hidden").map((image) => image.id),
    );
  });

  it("image finds a hidden image by id, as Glance still boots it", async () => {
    const hidden = real.estate.byStory("hidden")[0]?.id as string;
    const run = await runCli(["image", hidden], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: hidden, hidden: true, region: "KR1" });
  });

  it("latest gives an id a script can boot: the newest active release of a family in Glance", async () => {
    const listed = ndjson((await runCli(["images", "-o", "ndjson"], env)).stdout) as Image[];
    for (const family of ["Ubuntu Server 24.04.3 LTS", "ubuntu-golden"]) {
      const releases = listed
        .filter((image) => image.family === family && image.status === "active" && !image.hidden)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? -1 : 1));
      expect(releases.length, family).toBe(2);
      const run = await runCli(["latest", "--family", family, "-o", "id"], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`${releases[0]?.id}\n`);
    }
  });
});
