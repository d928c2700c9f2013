// One export (or its baseline) in a fresh process, so its peak RSS is its own. Prints JSON.
//   tsx bench/export-child.ts export|baseline <date>
import { createGzip } from "node:zlib";
import { createImageClient, loadConfig, ndjsonLine } from "@nhn-images/core";

const [mode = "export", date = "2026-11-26"] = process.argv.slice(2);
// Modules load before the clock starts, for both: the baseline's imports are static above.
const bundle = new URL("../functions/export-inventory/dist/index.mjs", import.meta.url).href;
const { handler } =
  mode === "export"
    ? ((await import(bundle)) as { handler: (event: unknown) => Promise<{ images: number }> })
    : { handler: null };
const started = performance.now();
let images = 0;
if (handler !== null) {
  images = (await handler({ date })).images;
} else {
  // Baseline: the same upstream pages, each image as an NDJSON line through gzip to nowhere.
  const gzip = createGzip({ level: 6 });
  gzip.on("data", () => {});
  const done = new Promise((resolve) => gzip.once("end", resolve));
  // The same pages the export reads: in id order where the API lists that way (Glance).
  const client = createImageClient(loadConfig(process.env));
  const pages = client.listsInIdOrder ? client.listImagesInIdOrder() : client.listImages();
  for await (const page of pages) {
    let chunk = "";
    for (const image of page) chunk += ndjsonLine(image);
    images += page.length;
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once("drain", resolve));
  }
  gzip.end();
  await done;
}
const ms = performance.now() - started;
process.stdout.write(
  `\n@@${JSON.stringify({ ms, images, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
