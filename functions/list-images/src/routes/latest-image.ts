import {
  checkLatestRegion,
  checkUsageParameters,
  LatestImageRun,
  latestImage,
  listingFiltersOf,
  type ProjectedImage,
  parseLatestQuery,
} from "@nhn-images/core";
import { type HttpResponse, renderJson } from "../response.ts";
import { liveImages, overSnapshot } from "./list-images.ts";
import { cacheControl, type RouteContext } from "./route-context.ts";

/**
 * `GET /images/latest`: the one newest image the filters match — `status` active unless given,
 * greatest `createdAt`, then `id`, then `region`: the first row of `GET /images` with the same
 * filters — live, or with `asOf` as a snapshot held it. With several regions a `region` is
 * required (an image id is only good in its own region).
 */
export async function getLatestImage(context: RouteContext): Promise<HttpResponse> {
  const { request, log } = context;
  const query = parseLatestQuery(request.rawQuery);
  const runtime = await context.runtime();
  let image: ProjectedImage;
  if (query.asOf === null) {
    checkUsageParameters(query, runtime.config.usage);
    checkLatestRegion(query, runtime.config.regions);
    const { images } = await liveImages(runtime, listingFiltersOf(query.filters), context);
    image = latestImage(images, query);
  } else {
    const { snapshot, result: run } = await overSnapshot(query.asOf, context, (snapshot) => {
      checkLatestRegion(query, snapshot.source.regions);
      const run = new LatestImageRun(query);
      return { offer: (image) => run.offer(image), result: () => run };
    });
    checkUsageParameters(query, run.carriesUsage, snapshot.snapshotDate);
    image = run.result();
  }
  Object.assign(log, { latestId: image.id });
  return renderJson(image, cacheControl(runtime));
}
