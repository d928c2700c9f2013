import type { ListingFilters } from "../client/image-client.ts";
import type { ImageFilters } from "./parse.ts";

/**
 * What a listing may let upstream filter for a query: the regions asked for, and what the API
 * can filter (the adapter picks what it supports). The query still applies every filter to
 * what comes back; this only makes the listing cheaper.
 */
export function listingFiltersOf(filters: ImageFilters): ListingFilters {
  return {
    region: filters.region,
    status: filters.status,
    visibility: filters.visibility,
    owner: filters.owner,
    sizeMin: filters.sizeMin,
    sizeMax: filters.sizeMax,
  };
}
