import * as z from "zod";

/*
 * Upstream bodies are read liberally, as DESIGN.md says: numbers or numeric strings,
 * booleans or "true"/"false", missing optional fields. The conversion to the strict
 * `Image` happens in normalise.ts; these schemas only pin down what a body may look like.
 */

/** An integer, or a string holding one. */
export const LooseInt = z.union([
  z.int(),
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, "expected an integer")
    .transform(Number),
]);

/** A boolean, or "true"/"false" in any case. */
export const LooseBool = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"]))
    .transform((s) => s === "true"),
]);

/** A property value: NHN documents strings, but numbers and booleans are read as their text. */
const LooseText = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** The `header` of every v1 answer. Failure is `isSuccessful: false`, always with HTTP 200. */
export const V1Header = z.object({
  isSuccessful: LooseBool,
  resultCode: LooseInt,
  resultMessage: z.string().nullish(),
});
export type V1Header = z.infer<typeof V1Header>;

/** One image as the v1 appkey API lists it (the product guide's field table). */
export const V1Image = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  status: z.string().min(1),
  diskFormat: z.string().nullish(),
  isPublic: LooseBool.nullish(),
  protected: LooseBool.nullish(),
  minDisk: LooseInt.nullish(),
  minRam: LooseInt.nullish(),
  size: LooseInt.nullish(),
  properties: z.record(z.string(), LooseText.nullable()).nullish(),
  createdAt: z.string(),
  updatedAt: z.string().nullish(),
});
export type V1Image = z.infer<typeof V1Image>;

export const V1ImageList = z.object({
  header: V1Header,
  images: z.array(z.unknown()).nullish(),
});

/** The v1 token answer: `{header, token: {id, expires}}`. */
export const V1TokenResponse = z.object({
  header: V1Header,
  token: z.object({ id: z.string().min(1), expires: z.string().nullish() }).nullish(),
});

/** The standard top-level fields of a Glance v2 image; every other field is a custom property. */
export const GLANCE_STANDARD_FIELDS = new Set([
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
});
export type V2Image = z.infer<typeof V2Image>;

export const V2ImageList = z.object({
  images: z.array(z.unknown()),
  next: z.string().nullish(),
});

/** Keystone v2: `access.token.id` and `access.token.expires`. */
export const KeystoneTokenResponse = z.object({
  access: z.object({
    token: z.object({ id: z.string().min(1), expires: z.string().nullish() }),
  }),
});
