import { DEMO_PROJECT, NHN_PUBLIC_OWNER, PARTNER_PROJECT } from "@nhn-images/simulator";
import {
  type GlanceWithEstate,
  OPENSTACK_AVAILABLE,
  startGlanceWithEstate,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

/**
 * The nightly export over NHN's own software end to end: the images of a real Glance (behind the
 * simulator's Keystone v2) listed in id order, written to a real Swift's S3 API.
 */
// Listings past a page of a thousand are list-images' Glance suite's: here, what the export holds.
const BULK = 120;

let real: GlanceWithEstate;
let h: Harness;
beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  real = await startGlanceWithEstate(
    { own: DEMO_PROJECT.id, partner: PARTNER_PROJECT.id, publisher: NHN_PUBLIC_OWNER },
    BULK,
  );
  h = await startHarness({ store: "swift", imageEndpoints: { KR1: real.gateway.url } });
  real.gateway.trust((token) => h.sim.projectOfToken(token));
}, 240_000);
afterAll(async () => {
  await h?.close();
  await real?.close();
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
    expect(images.map((image) => image.id)).toEqual(real.estate.usableIds());
    const hidden = real.estate.byStory("hidden")[0]?.id;
    expect(images.find((image) => image.id === hidden)?.hidden).toBe(true);
    const manifest = await h.manifest("2026-11-30");
    expect(manifest.counts.images).toBe(real.estate.usableIds().length);
    expect(manifest.counts.byStatus.deactivated).toBe(1);
    await h.verifyManifest(manifest);
    expect(h.logs.filter((l) => l.message === "Export finished").at(-1)?.extra).toMatchObject({
      mode: "streamed",
    });
  });
});
