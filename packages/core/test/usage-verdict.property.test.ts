import {
  type Image,
  type RegionListings,
  regionEvidence,
  usageOf,
  VISIBILITIES,
} from "@nhn-images/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOCUMENTED_V2_IMAGE } from "./documented-images.ts";

/*
 * Never a false "unused": random estates (servers with and without an image, volumes bootable or
 * not, attached or not, with and without image metadata, node groups, failed listings), each
 * verdict checked against an oracle written from the rule's words, not from the code.
 */

const IMAGE_IDS = ["img-a", "img-b", "img-c", "img-d", "img-e"];
const SERVER_IDS = ["srv-1", "srv-2", "srv-3", "srv-4", "srv-5", "srv-6"];

const imageId = fc.option(fc.constantFrom(...IMAGE_IDS), { nil: null, freq: 3 });

const listings: fc.Arbitrary<RegionListings> = fc.record({
  region: fc.constant("KR1" as const),
  servers: fc
    .uniqueArray(fc.constantFrom(...SERVER_IDS), { maxLength: SERVER_IDS.length })
    .chain((ids) => fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), imageId })))),
  volumes: fc.array(
    fc.record({
      id: fc.uuid(),
      bootable: fc.boolean(),
      imageId,
      serverIds: fc.uniqueArray(fc.constantFrom(...SERVER_IDS, "srv-elsewhere"), { maxLength: 2 }),
    }),
    { maxLength: 6 },
  ),
  nodeGroups: fc.array(fc.record({ id: fc.uuid(), imageId }), { maxLength: 3 }),
  gaps: fc.array(fc.constantFrom("servers of project p could not be listed: HTTP 503"), {
    maxLength: 1,
  }),
});

const images = fc.tuple(
  ...IMAGE_IDS.map((id) =>
    fc
      .constantFrom(...VISIBILITIES)
      .map((visibility): Image => ({ ...DOCUMENTED_V2_IMAGE, id, visibility, region: "KR1" })),
  ),
);

/** What the rule says, read straight from the listings. */
function expectedVerdict(image: Image, estate: RegionListings): string {
  const referenced =
    estate.servers.some((s) => s.imageId === image.id) ||
    estate.volumes.some((v) => v.imageId === image.id) ||
    estate.nodeGroups.some((g) => g.imageId === image.id);
  if (referenced) return "inUse";
  const hidden = estate.servers.some((server) => {
    if (server.imageId !== null) return false;
    const boot = estate.volumes.filter((v) => v.bootable && v.serverIds.includes(server.id));
    return boot.length === 0 || boot.some((v) => v.imageId === null);
  });
  const incomplete = estate.gaps.length > 0 || estate.nodeGroups.some((g) => g.imageId === null);
  if (image.visibility !== "private" || hidden || incomplete) return "unknown";
  return "unused";
}

describe("usage verdicts over random estates", () => {
  it("match the rule, so an image anything refers to is never unused", () => {
    fc.assert(
      fc.property(listings, images, (estate, estateImages) => {
        const evidence = regionEvidence(estate);
        for (const image of estateImages) {
          const usage = usageOf(image, evidence);
          expect(usage.verdict).toBe(expectedVerdict(image, estate));
          const servers = new Set([
            ...estate.servers.filter((s) => s.imageId === image.id).map((s) => s.id),
            ...estate.volumes.filter((v) => v.imageId === image.id).flatMap((v) => v.serverIds),
          ]);
          expect(usage.servers).toEqual([...servers].sort());
          expect(usage.evidence.byImageRef).toBe(
            estate.servers.filter((s) => s.imageId === image.id).length,
          );
          expect(usage.evidence.byNodeGroup).toBe(
            estate.nodeGroups.filter((g) => g.imageId === image.id).length,
          );
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("say unknown for every image of a region that was not listed", () => {
    expect(usageOf({ ...DOCUMENTED_V2_IMAGE, visibility: "private" }, undefined)).toMatchObject({
      verdict: "unknown",
      reason: "the usage of KR1 was not listed",
    });
  });
});
