import { createImageClient, type Image, loadConfig } from "@nhn-images/core";
import { startSimulator } from "@nhn-images/simulator";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";
import { gatewayGet, silentLogger } from "./gateway-event.ts";
import { compare } from "./measure.ts";
import { generated } from "./query-engine.ts";

const SIZE = 100_000;
const FAMILY = "Ubuntu Server 24.04.3 LTS";

/**
 * A family-by-region group-by written by hand over the same array: what a script would do with
 * the list — counts, bytes, the oldest and the newest active image of each — with no query
 * parsing, filtering, sorting of rows or rendering.
 */
export function handWrittenFamilies(images: readonly Image[]) {
  const groups = new Map<
    string,
    { images: number; active: number; bytes: number; oldest: string; newest: Image | null }
  >();
  for (const image of images) {
    const key = `${image.region}\u0000${image.family}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { images: 0, active: 0, bytes: 0, oldest: image.createdAt, newest: null };
      groups.set(key, group);
    }
    group.images++;
    group.bytes += image.size ?? 0;
    if (image.createdAt < group.oldest) group.oldest = image.createdAt;
    if (image.status === "active" && !image.hidden) {
      group.active++;
      if (group.newest === null || image.createdAt > group.newest.createdAt) group.newest = image;
    }
  }
  return groups;
}

/**
 * `GET /images/latest?family=` and `GET /families` on a warm handler over 100,000 cached images:
 * the newest image against the same filter's first page of one row, and the families against a
 * hand-written group-by of the same array.
 */
export async function benchFamilies() {
  const images = generated(SIZE);
  const sim = await startSimulator({ images });
  try {
    const handler = createListImagesHandler({
      env: { ...sim.env(), IMAGES_CACHE_TTL_S: "3600" },
      logger: silentLogger,
      getSecureString: async () => "",
    });
    const family = `family=${encodeURIComponent(FAMILY)}`;
    const latest = gatewayGet("/images/latest", family);
    const firstRow = gatewayGet("/images", `status=active&${family}&limit=1`);
    const families = gatewayGet("/families", "limit=100");
    for (const warm of [latest, firstRow, families]) {
      const response = await handler(warm);
      if (response.statusCode !== 200)
        throw new Error(`${warm.rawPath} answered ${response.statusCode}`);
    }
    const listed = await createImageClient(loadConfig(sim.env())).listAllImages();
    const newest = await compare(
      () => handler(latest),
      () => handler(firstRow),
      { rounds: 21, warmup: 5, inner: 3 },
    );
    const grouped = await compare(
      () => handler(families),
      () => handWrittenFamilies(listed),
      { rounds: 21, warmup: 5, inner: 3 },
    );
    return [
      {
        case: "GET /images/latest?family=, 100k cached, vs /images?limit=1",
        size: SIZE,
        ...newest,
        target: "ratio ≤ 1.3",
        pass: newest.ratio <= 1.3,
      },
      {
        case: "GET /families, 100k cached, vs a hand-written group-by",
        size: SIZE,
        ...grouped,
        target: "ratio ≤ 2",
        pass: grouped.ratio <= 2,
      },
    ];
  } finally {
    await sim.close();
  }
}
