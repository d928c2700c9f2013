import * as z from "zod";
import { RegionSchema } from "../regions.ts";
import { ImageUsage } from "./image-usage.ts";

/** The image statuses of the product guide, plus Glance v2's `uploading` and `importing`. */
export const KNOWN_IMAGE_STATUSES = [
  "queued",
  "saving",
  "active",
  "killed",
  "deleted",
  "pending_delete",
  "deactivated",
  "uploading",
  "importing",
] as const;

export const ImageStatus = z.enum(KNOWN_IMAGE_STATUSES).meta({
  id: "ImageStatus",
  description: "An image status of NHN Cloud (product guide) or Glance v2.",
});
export type ImageStatus = z.infer<typeof ImageStatus>;

/** The disk formats of the product guide. */
export const DISK_FORMATS = [
  "ami",
  "ari",
  "aki",
  "vhd",
  "vhdx",
  "vmdk",
  "raw",
  "qcow2",
  "vdi",
  "ploop",
  "iso",
] as const;

export const DiskFormat = z.enum(DISK_FORMATS).meta({
  id: "DiskFormat",
  description: "The image's disk format.",
});
export type DiskFormat = z.infer<typeof DiskFormat>;

/** Glance's visibilities. v1 knows only public and private (`isPublic`). */
export const VISIBILITIES = ["public", "private", "shared", "community"] as const;

export const Visibility = z.enum(VISIBILITIES).meta({
  id: "Visibility",
  description:
    "public: offered to every project; private: the owner's only; shared: the owner's and its member projects'; community: any project that asks for community images.",
});
export type Visibility = z.infer<typeof Visibility>;

const Timestamp = z.iso.datetime({ precision: 3 }).meta({
  description: "RFC 3339 UTC, millisecond precision.",
  example: "2017-05-16T02:17:50.166Z",
});

/**
 * The normalised image: one shape for both upstream APIs. Our own output, so strict.
 * `status` is a known {@link ImageStatus} or, when NHN adds one, the upstream string as is.
 */
export const Image = z
  .object({
    id: z.string().min(1),
    name: z.string().meta({ description: "May be empty: NHN allows nameless images." }),
    status: z.union([ImageStatus, z.string().min(1)]).meta({
      description: "A known status, or an unknown upstream value kept as its string.",
    }),
    diskFormat: DiskFormat.nullable(),
    isPublic: z.boolean(),
    protected: z.boolean(),
    minDisk: z.int().nonnegative().meta({ description: "Minimum disk in GB." }),
    minRam: z.int().nonnegative().meta({ description: "Minimum RAM in MB." }),
    size: z.int().nonnegative().nullable().meta({ description: "Image data size in bytes." }),
    properties: z.record(z.string(), z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    visibility: Visibility,
    owner: z.string().min(1).nullable().meta({
      description: "The owning project (tenant id); null over v1, which does not say.",
    }),
    tags: z.array(z.string()).meta({
      description:
        "Sorted, each once. NHN marks the images its console offers with `_AVAILABLE_`. Empty over v1.",
    }),
    region: RegionSchema,
    hidden: z.boolean().meta({
      description:
        "Glance's `os_hidden`: left out of Glance's default listing, yet still billed and bootable by id. Listed here too. Always false over v1.",
    }),
    family: z.string().meta({
      description:
        "The releases this image is one of: its `image_family` property when that is a non-empty string, else its name without its date stamp (NHN's ` (YYYY.MM.DD)`, a trailing `-YYYYMMDD` or `-YYYY-MM-DD` with an optional time, else a trailing `-vN`). Per region.",
      example: "Ubuntu Server 24.04.3 LTS",
    }),
    usage: ImageUsage.optional().meta({
      description: "Who uses the image (NHN_USAGE=true only; absent otherwise).",
    }),
  })
  .strict()
  .meta({
    id: "Image",
    description:
      "An NHN Cloud image, normalised from the v1 or v2 API. Identified by (region, id).",
  });
export type Image = z.infer<typeof Image>;

export type ImageField = keyof Image;

/**
 * The fields every {@link Image} has, in their canonical order (CSV columns, `fields`
 * projection, the fields a change compares). `usage` is not among them: only a deployment with
 * `NHN_USAGE=true` has it ({@link imageFields}).
 */
export const IMAGE_FIELDS = (Object.keys(Image.shape) as ImageField[]).filter(
  (field) => field !== "usage",
);

/** The fields of the images a deployment serves: {@link IMAGE_FIELDS}, and `usage` with usage on. */
export function imageFields(usage: boolean): ImageField[] {
  return usage ? [...IMAGE_FIELDS, "usage"] : [...IMAGE_FIELDS];
}
