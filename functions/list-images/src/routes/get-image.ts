import { type Image, pickImage } from "@nhn-images/core";
import { parseImageLookup } from "../image-lookup.ts";
import { type HttpResponse, renderJson } from "../response.ts";
import { snapshotImagesWithId } from "./list-images.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/** `GET /images/{id}`: one image, live or (with `asOf`) as a snapshot held it. */
export async function getImage(context: RouteContext, id: string): Promise<HttpResponse> {
  const { request, log, deadline } = context;
  const { region, asOf } = parseImageLookup(id, request.rawQuery);
  const runtime = await context.runtime();
  let image: Image;
  if (asOf !== null) {
    image = pickImage(await snapshotImagesWithId(asOf, id, context), id, region);
  } else if (runtime.cache === null) {
    image = await runtime.client.getImage(id, region ?? undefined, { deadline });
    Object.assign(log, { cacheHit: false });
  } else {
    const list = await runtime.cache.get(deadline);
    image = pickImage(list.images, id, region);
    Object.assign(log, { cacheHit: list.cached });
  }
  return renderJson(image, cacheControl(runtime));
}
