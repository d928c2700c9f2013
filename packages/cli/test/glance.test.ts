import type { Image } from "@nhn-images/core";
import {
  DEMO_PROJECT,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type Simulator,
  startSimulator,
} from "@nhn-images/simulator";
import {
  buildGlanceEstate,
  type Glance,
  type GlanceEstate,
  OPENSTACK_AVAILABLE,
  startGlance,
  startGlanceGateway,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ndjson, runCli } from "./cli-harness.ts";

/** `nhn-images` over a real Glance, its tokens issued by the simulator's Keystone v2. */
const STRANGER = "0b8b7f3e2a4c4e6f8a1d2c3b4a5f6e7d";

let glance: Glance;
let gateway: Awaited<ReturnType<typeof startGlanceGateway>>;
let sim: Simulator;
let estate: GlanceEstate;
let env: Record<string, string>;
beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  glance = await startGlance();
  estate = await buildGlanceEstate(
    glance,
    {
      own: DEMO_PROJECT.id,
      partner: PARTNER_PROJECT.id,
      stranger: STRANGER,
      publisher: NHN_PUBLIC_OWNER,
    },
    40,
  );
  gateway = await startGlanceGateway(glance.url);
  sim = await startSimulator({ images: 0, imageEndpoints: { KR1: gateway.url } });
  gateway.trust((token) => sim.projectOfToken(token));
  env = { ...sim.env("v2"), NHN_REGION: "KR1" };
}, 180_000);
afterAll(async () => {
  await sim?.close();
  await gateway?.close();
  await glance?.close();
});

describe.runIf(OPENSTACK_AVAILABLE)("nhn-images over the real Glance", () => {
  it("images lists exactly what the project can use, hidden ones included", async () => {
    const run = await runCli(["images", "-o", "ndjson"], env);
    expect(run.code, run.stderr).toBe(0);
    const images = ndjson(run.stdout) as Image[];
    expect(images.map((image) => image.id).sort()).toEqual(estate.usableIds());
    expect(images.filter((image) => image.hidden).map((image) => image.id)).toEqual(
      estate.byStory("hidden").map((image) => image.id),
    );
  });

  it("image finds a hidden image by id, as Glance still boots it", async () => {
    const hidden = estate.byStory("hidden")[0]?.id as string;
    const run = await runCli(["image", hidden], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: hidden, hidden: true, region: "KR1" });
  });
});
