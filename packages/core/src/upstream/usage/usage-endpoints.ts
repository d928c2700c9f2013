import type { Region } from "../../regions.ts";
import type { ServiceCatalog } from "../image-api.ts";

/** The upstream services usage evidence comes from, by their service catalog type. */
export type UsageService = "compute" | "volumev2" | "kubernetes";

/*
 * The documented hosts, used when the token's catalog names none for the region:
 * - compute: Compute-Instance `ko/public-api.md`, "인스턴스 API는 compute 타입 엔드포인트를
 *   이용합니다": kr1, kr2, kr3, jp1;
 * - volumev2: Storage-Block-Storage `ko/public-api.md`: kr1, kr2, kr3, jp1;
 * - kubernetes: Container-Kubernetes (NKS) `ko/public-api.md`: kr1, kr2 and, since 2026-02, kr3
 *   (JP1 has no NKS).
 */
const DOCUMENTED_HOSTS: Record<
  UsageService,
  { readonly name: string; readonly regions: readonly Region[] }
> = {
  compute: { name: "instance", regions: ["KR1", "KR2", "KR3", "JP1"] },
  volumev2: { name: "block-storage", regions: ["KR1", "KR2", "KR3", "JP1"] },
  kubernetes: { name: "kubernetes", regions: ["KR1", "KR2", "KR3"] },
};

/**
 * The base URL of a usage service for one project in one region, ready for its resource path:
 * compute and volumev2 end in `/v2/{tenantId}` (the catalog's `publicURL` already does, as the
 * IaaS token example shows; a bare host gets it appended), kubernetes ends before `/v1`.
 * Null when neither the catalog nor NHN's documents name one (NKS in JP1).
 */
export function usageEndpoint(
  service: UsageService,
  region: Region,
  project: string,
  catalog: ServiceCatalog | null,
): string | null {
  const documented = DOCUMENTED_HOSTS[service];
  const base =
    catalog?.endpoint(service, region) ??
    (documented.regions.includes(region)
      ? `https://${region.toLowerCase()}-api-${documented.name}-infrastructure.nhncloudservice.com`
      : null);
  if (base === null) return null;
  const path = new URL(base).pathname.replace(/\/+$/, "");
  if (service === "kubernetes") return path.endsWith("/v1") ? base.slice(0, -"/v1".length) : base;
  return /\/v2\/[^/]+$/.test(path) ? base : `${base}/v2/${encodeURIComponent(project)}`;
}
