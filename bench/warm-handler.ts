import { createImageClient, loadConfig, parseImageQuery, runQuery } from "@nhn-images/core";
import { startSimulator } from "@nhn-images/simulator";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";
import { gatewayGet, silentLogger } from "./gateway-event.ts";
import { compare } from "./measure.ts";
import { generated, MIXED_QUERY } from "./query-engine.ts";

export async function benchWarmHandler() {
  const images = generated(10_000);
  const sim = await startSimulator({ images });
  try {
    const handler = createListImagesHandler({
      env: {
        ...sim.env(),
        IMAGES_CACHE_TTL_S: "3600",
      },
      logger: silentLogger,
      getSecureString: async () => "",
    });
    const event = gatewayGet("/images", MIXED_QUERY);
    const warm = await handler(event);
    if (warm.statusCode !== 200) throw new Error(`handler answered ${warm.statusCode}`);
    // The baseline queries exactly what the handler's cache holds: the images as listed.
    const listed = await createImageClient(loadConfig(sim.env())).listAllImages();
    const result = await compare(
      () => handler(event),
      () => runQuery(listed, parseImageQuery(MIXED_QUERY)),
      { rounds: 41, warmup: 10, inner: 10 },
    );
    return [
      {
        case: "warm handler, 10,000 images cached",
        size: 10_000,
        ...result,
        target: "ratio ≤ 1.3",
        pass: result.ratio <= 1.3,
      },
    ];
  } finally {
    await sim.close();
  }
}
