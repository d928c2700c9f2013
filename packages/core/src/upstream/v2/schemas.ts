import * as z from "zod";
import { LooseBool, LooseInt, LooseText } from "../loose.ts";

/*
 * Glance v2 as NHN documents it (Compute-Image `ko/public-api.md`, "이미지 목록 조회") and the
 * Keystone v2 token of the API preparation guide (TOAST-Cloud `ko/public-api/iaas-token.md`,
 * which NHN moved there from Compute `ko/identity-api.md`, since removed).
 */

/**
 * The core fields of a Glance image; every other top-level field is a custom property. NHN's
 * table also lists `properties` (an object of key-value pairs); its entries are properties too.
 */
export const GLANCE_CORE_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "name",
  "status",
  "visibility",
  "protected",
  "checksum",
  "owner",
  "size",
  "virtual_size",
  "min_ram",
  "min_disk",
  "disk_format",
  "container_format",
  "created_at",
  "updated_at",
  "tags",
  "self",
  "file",
  "schema",
  "direct_url",
  "locations",
  "os_hidden",
  "os_hash_algo",
  "os_hash_value",
  "stores",
  "properties",
]);

/** One image as Glance v2 lists it. Custom properties are extra top-level fields. */
export const V2Image = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  status: z.string().min(1),
  visibility: z.string().nullish(),
  protected: LooseBool.nullish(),
  size: LooseInt.nullish(),
  min_ram: LooseInt.nullish(),
  min_disk: LooseInt.nullish(),
  disk_format: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  owner: z.string().nullish(),
  tags: z.array(LooseText).nullish(),
  os_hidden: LooseBool.nullish(),
});
export type V2Image = z.infer<typeof V2Image>;

/** `{images, next, first, schema}`; `next` is a relative link, absent on the last page. */
export const V2ImageList = z.object({
  images: z.array(z.unknown()),
  next: z.string().nullish(),
});

/** One entry of `access.serviceCatalog`. */
export const CatalogEntry = z.object({
  type: z.string(),
  name: z.string().nullish(),
  endpoints: z.array(z.object({ region: z.string().nullish(), publicURL: z.string().nullish() })),
});

/** Keystone v2: `access.token.id`, `access.token.expires`, and the service catalog. */
export const KeystoneTokenResponse = z.object({
  access: z.object({
    token: z.object({ id: z.string().min(1), expires: z.string().nullish() }),
    /** Read on its own (a malformed catalog is logged and ignored, never fails the token). */
    serviceCatalog: z.unknown().optional(),
  }),
});
