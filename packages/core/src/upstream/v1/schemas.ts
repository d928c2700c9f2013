import * as z from "zod";
import { LooseBool, LooseInt, LooseText } from "../loose.ts";

/*
 * The v1 appkey API, as NHN documents it: the image list of the product guide (Compute-Image
 * `ko/old/api-guide.md`, the seed of this project) and the token of the API preparation guide
 * (Compute-Instance `ko/old/api-common-guide.md`).
 */

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
  // A failure has no `images`; a success must have the array (checked by the adapter).
  images: z.array(z.unknown()).nullish(),
});

const V1Token = z.object({ id: z.string().min(1), expires: z.string().nullish() });

/**
 * The v1 token answer as the guide documents it: `{header, access: {token: {expires, id,
 * issued_at}, user}}`. A bare `{header, token}` is read too.
 */
export const V1TokenResponse = z.object({
  header: V1Header,
  access: z.object({ token: V1Token.nullish() }).nullish(),
  token: V1Token.nullish(),
});
