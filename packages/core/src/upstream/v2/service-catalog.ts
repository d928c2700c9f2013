import * as z from "zod";
import type { CoreLogger } from "../../logger.ts";
import type { Region } from "../../regions.ts";
import type { ServiceCatalog } from "../image-api.ts";
import { CatalogEntry } from "./schemas.ts";

/**
 * Reads a Keystone `serviceCatalog`. NHN's guides say to take each API's endpoint from it
 * ("정확한 엔드포인트는 토큰 발급 응답의 serviceCatalog를 참조합니다").
 *
 * Only http(s) URLs are kept, and only `https` unless `allowHttp` (the identity endpoint itself
 * is plain http, as the simulator's is): a catalog never sends the token somewhere weaker than
 * where it was issued. A malformed catalog is logged and read as empty, so the documented hosts
 * are used instead of failing the call.
 */
export function readServiceCatalog(
  raw: unknown,
  options: { readonly allowHttp: boolean; readonly logger: CoreLogger },
): ServiceCatalog {
  const endpoints = new Map<string, string>();
  const parsed = z.array(CatalogEntry).safeParse(raw ?? []);
  if (!parsed.success) {
    options.logger.warn("Ignoring a malformed service catalog", {
      issues: parsed.error.issues.length,
    });
  } else {
    for (const entry of parsed.data) {
      for (const endpoint of entry.endpoints) {
        const url = usableUrl(endpoint.publicURL, options.allowHttp);
        if (url === null || endpoint.region == null) continue;
        const key = `${entry.type}\u0000${endpoint.region.toUpperCase()}`;
        if (!endpoints.has(key)) endpoints.set(key, url);
      }
    }
  }
  return {
    endpoint: (type: string, region: Region) => endpoints.get(`${type}\u0000${region}`) ?? null,
  };
}

function usableUrl(text: string | null | undefined, allowHttp: boolean): string | null {
  if (text == null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) return null;
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "")
    return null;
  return text.replace(/\/+$/, "");
}
