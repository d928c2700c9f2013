import * as z from "zod";
import { RegionSchema } from "../regions.ts";
import { Image, Visibility } from "./image.ts";

/** The newest active image of a family (never a hidden one): what `GET /images/latest?family=` answers. */
export const FamilyLatest = z
  .object({ id: Image.shape.id, name: Image.shape.name, createdAt: Image.shape.createdAt })
  .strict()
  .meta({ id: "FamilyLatest", description: "The family's newest active image." });
export type FamilyLatest = z.infer<typeof FamilyLatest>;

/**
 * One family in one region (families are per region): what `GET /families` and
 * `nhn-images families` list.
 */
export const FamilyRow = z
  .object({
    family: z.string().meta({ example: "Ubuntu Server 24.04.3 LTS" }),
    region: RegionSchema,
    images: z.int().nonnegative().meta({ description: "Images of the family, of any status." }),
    active: z.int().nonnegative().meta({ description: "Those whose status is active." }),
    latest: FamilyLatest.nullable().meta({
      description:
        "The newest active image that is not hidden (greatest createdAt, then id): the image GET /images/latest answers for this family and region. Null when there is none.",
    }),
    oldestCreatedAt: Image.shape.createdAt.meta({
      description: "When the family's oldest image was created.",
    }),
    totalBytes: z.int().nonnegative().meta({
      description: "The sizes of its images added up (an image without a size counts 0).",
    }),
    visibility: Visibility.meta({
      description: "The visibility of the latest image; of the newest image when none is active.",
    }),
  })
  .strict()
  .meta({ id: "FamilyRow", description: "A family of images in one region." });
export type FamilyRow = z.infer<typeof FamilyRow>;
