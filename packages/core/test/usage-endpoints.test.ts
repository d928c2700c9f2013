import { describe, expect, it } from "vitest";
import { usageEndpoint } from "../src/upstream/usage/usage-endpoints.ts";

const PROJECT = "f5073eaa26b64cffbee89411df94ce01";

describe("the documented hosts of the usage APIs, without a catalog entry", () => {
  it("names NKS in KR1, KR2 and KR3 (documented since 2026-02) and none in JP1, which has no NKS", () => {
    expect(usageEndpoint("kubernetes", "KR3", PROJECT, null)).toBe(
      "https://kr3-api-kubernetes-infrastructure.nhncloudservice.com",
    );
    expect(usageEndpoint("kubernetes", "KR1", PROJECT, null)).toBe(
      "https://kr1-api-kubernetes-infrastructure.nhncloudservice.com",
    );
    expect(usageEndpoint("kubernetes", "JP1", PROJECT, null)).toBeNull();
  });

  it("names compute and block storage in every region, ending in /v2/{tenantId}", () => {
    for (const region of ["KR1", "KR2", "KR3", "JP1"] as const) {
      expect(usageEndpoint("compute", region, PROJECT, null)).toBe(
        `https://${region.toLowerCase()}-api-instance-infrastructure.nhncloudservice.com/v2/${PROJECT}`,
      );
      expect(usageEndpoint("volumev2", region, PROJECT, null)).toBe(
        `https://${region.toLowerCase()}-api-block-storage-infrastructure.nhncloudservice.com/v2/${PROJECT}`,
      );
    }
  });
});
