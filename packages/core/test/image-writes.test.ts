import {
  createImageClient,
  type ImageRef,
  ImageWriteRefusedError,
  NhnImagesError,
  UpstreamError,
} from "@nhn-images/core";
import {
  DEMO_PROJECT,
  demoProjectImage,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type Simulator,
  type SimulatorImage,
  startSimulator,
} from "@nhn-images/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { recordingSleep, simulatorConfig } from "./helpers.ts";

/**
 * The client's upstream writes (NHN's Compute-Image API guide: tag add and removal, image
 * deletion) against the simulator, which answers them as Glance does (its conformance suite):
 * what is done, what is already gone, what Glance refuses, and what a retry means for a `DELETE`.
 */
const MARK = "nhn-images:delete-after:2026-12-09";

function image(id: string, changes: Partial<SimulatorImage> = {}): SimulatorImage {
  const createdAt = "2026-10-01T00:00:00.000Z";
  return demoProjectImage({
    id,
    name: `image ${id.slice(0, 4)}`,
    createdAt,
    size: 1024,
    ...changes,
  });
}

const OWN = "10000000-0000-4000-8000-000000000001";
const PROTECTED = "10000000-0000-4000-8000-000000000002";
const PUBLIC = "10000000-0000-4000-8000-000000000003";
const PARTNERS = "10000000-0000-4000-8000-000000000004";
const HIDDEN_FROM_US = "10000000-0000-4000-8000-000000000005";
const ANOTHER = "10000000-0000-4000-8000-000000000006";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    images: [
      image(OWN),
      image(PROTECTED, { protected: true }),
      image(PUBLIC, { visibility: "public", isPublic: true, owner: NHN_PUBLIC_OWNER }),
      image(PARTNERS, { visibility: "shared", owner: PARTNER_PROJECT.id }),
      image(HIDDEN_FROM_US, { owner: PARTNER_PROJECT.id }),
      image(ANOTHER),
    ],
  });
});
afterAll(() => sim.close());
afterEach(() => sim.faults.clear());

const ref = (id: string): ImageRef => ({ id, region: "KR1", project: DEMO_PROJECT.id });
const client = (version: "v1" | "v2" = "v2") => {
  const sleep = recordingSleep();
  return createImageClient(simulatorConfig(sim, version), { sleep: sleep.sleep });
};
const tagsOf = (id: string) => sim.listable().find((listed) => listed.id === id)?.tags ?? "gone";

describe("image writes over v2", () => {
  it("adds a tag (twice is still one tag) and removes it; removing it again is nothing to do", async () => {
    const c = client();
    await expect(c.addImageTag(ref(OWN), MARK)).resolves.toEqual({
      httpStatus: 204,
      alreadyGone: false,
    });
    await c.addImageTag(ref(OWN), MARK);
    expect(tagsOf(OWN)).toEqual([MARK]);
    await expect(c.removeImageTag(ref(OWN), MARK)).resolves.toEqual({
      httpStatus: 204,
      alreadyGone: false,
    });
    expect(tagsOf(OWN)).toEqual([]);
    await expect(c.removeImageTag(ref(OWN), MARK)).resolves.toEqual({
      httpStatus: 404,
      alreadyGone: true,
    });
  });

  it("surfaces Glance's refusals as ImageWriteRefusedError with their status, never retried", async () => {
    const c = client();
    for (const [id, write, status] of [
      [PROTECTED, "delete", 403],
      [PUBLIC, "delete", 403],
      [PUBLIC, "tag", 403],
      [PARTNERS, "delete", 403],
      [PARTNERS, "tag", 403],
      [HIDDEN_FROM_US, "tag", 404],
    ] as const) {
      sim.resetCounts();
      const error = await (write === "delete"
        ? c.deleteImage(ref(id))
        : c.addImageTag(ref(id), MARK)
      ).catch((e: unknown) => e);
      expect(error, `${write} ${id}`).toBeInstanceOf(ImageWriteRefusedError);
      expect((error as UpstreamError).httpStatus).toBe(status);
      expect((error as Error).message).toContain(id);
      expect(sim.counts["v2-image-tag"] + sim.counts["v2-image-delete"]).toBe(1);
    }
    expect(tagsOf(PROTECTED)).toEqual([]);
    expect(tagsOf(PUBLIC)).toEqual([]);
  });

  it("refuses a tag NHN does not take (starting with _) with 400", async () => {
    const error = await client()
      .addImageTag(ref(OWN), "_system")
      .catch((e: unknown) => e);
    expect((error as UpstreamError).httpStatus).toBe(400);
  });

  it("retries a 503 on a write, then does it once", async () => {
    sim.faults.add({ routes: ["v2-image-tag"], times: 2, fault: { kind: "status", status: 503 } });
    await client().addImageTag(ref(ANOTHER), "retried");
    expect(tagsOf(ANOTHER)).toEqual(["retried"]);
  });

  it("a DELETE whose answer was lost is done when the retry finds the image gone (404)", async () => {
    const deleting = "10000000-0000-4000-8000-0000000000aa";
    sim.setImages([...currentImages(), image(deleting)]);
    // The first attempt deletes the image, and the connection breaks before its answer.
    sim.faults.add({ routes: ["v2-image-delete"], times: 1, fault: { kind: "reset" } });
    await expect(client().deleteImage(ref(deleting))).resolves.toEqual({
      httpStatus: 404,
      alreadyGone: false,
    });
    expect(tagsOf(deleting)).toBe("gone");
    // Asked again, it was already gone before this call: nothing was done now.
    await expect(client().deleteImage(ref(deleting))).resolves.toEqual({
      httpStatus: 404,
      alreadyGone: true,
    });
  });

  it("never follows a redirect on a write, and never puts the token in an error", async () => {
    sim.faults.add({
      routes: ["v2-image-delete"],
      fault: { kind: "redirect", location: "http://127.0.0.1:9/steal" },
    });
    const error = await client()
      .deleteImage(ref(OWN))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(tagsOf(OWN)).not.toBe("gone");
    sim.faults.clear();
    sim.faults.add({
      routes: ["v2-image-tag"],
      fault: { kind: "echo-secret", via: "result-message" },
    });
    const echoed = await client()
      .addImageTag(ref(OWN), "x")
      .catch((e: unknown) => e);
    for (const token of sim.issuedTokens()) expect(String(echoed)).not.toContain(token);
  });

  it("is refused over v1, which cannot change images", async () => {
    await expect(client("v1").deleteImage(ref(OWN))).rejects.toThrow(NhnImagesError);
    await expect(client("v1").addImageTag(ref(OWN), MARK)).rejects.toThrow(/NHN_API_VERSION=v2/);
  });
});

/** The images the simulator holds now (the writes applied), to add one to. */
function currentImages(): SimulatorImage[] {
  return sim.listable().map(({ family: _family, ...rest }) => rest);
}
