import { DEMO_PROJECT, NHN_PUBLIC_OWNER, PARTNER_PROJECT } from "@nhn-images/simulator";
import {
  buildGlanceEstate,
  type Glance,
  type GlanceEstate,
  OPENSTACK_AVAILABLE,
  startGlance,
  startGlanceGateway,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

/**
 * The nightly export over NHN's own software end to end: the images of a real Glance (behind the
 * simulator's Keystone v2) listed in id order, written to a real Swift's S3 API.
 */
const STRANGER = "0b8b7f3e2a4c4e6f8a1d2c3b4a5f6e7d";
const BULK = 1_010; // the id-order listing crosses a page of Glance's largest (1,000)

let glance: Glance;
let gateway: Awaited<ReturnType<typeof startGlanceGateway>>;
let h: Harness;
let estate: GlanceEstate;
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
    BULK,
  );
  gateway = await startGlanceGateway(glance.url);
  h = await startHarness({ store: "swift", imageEndpoints: { KR1: gateway.url } });
  gateway.trust((token) => h.sim.projectOfToken(token));
}, 240_000);
afterAll(async () => {
  await h?.close();
  await gateway?.close();
  await glance?.close();
});

describe.runIf(OPENSTACK_AVAILABLE)("the export of a real Glance to Swift", () => {
  it("holds exactly the images the project can use, hidden ones included, in id order, streamed", async () => {
    await h.handler({
      apiVersion: "v2",
      env: { NHN_REGION: "KR1" },
      now: at("2026-11-30T15:00:00Z"),
    })({
      date: "2026-11-30",
    });
    const images = await h.ndjson<{ id: string; hidden: boolean; status: string }>(
      `${PREFIX}ndjson/images/dt=2026-11-30/images.ndjson.gz`,
    );
    expect(images.map((image) => image.id)).toEqual(estate.usableIds());
    const hidden = estate.byStory("hidden")[0]?.id;
    expect(images.find((image) => image.id === hidden)?.hidden).toBe(true);
    const manifest = await h.manifest("2026-11-30");
    expect(manifest.counts.images).toBe(estate.usableIds().length);
    expect(manifest.counts.byStatus.deactivated).toBe(1);
    await h.verifyManifest(manifest);
    expect(h.logs.filter((l) => l.message === "Export finished").at(-1)?.extra).toMatchObject({
      mode: "streamed",
    });
  });
});
