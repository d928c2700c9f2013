// Bundles one Lambda function into functions/<name>/dist/index.mjs (ESM, minified, with a
// source map), the only file its zip carries, or the command line into
// packages/cli/dist/nhn-images.mjs. Usage: node scripts/bundle.mjs <function-name|cli>
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * What each function leaves out of its bundle. The list function takes the AWS SDK from the
 * Lambda runtime (it only loads the SSM client when the password lives in SSM), which keeps
 * its bundle and cold start small. The export function bundles its own SDK so multipart and
 * checksum behaviour does not change with the runtime's SDK version.
 */
const FUNCTIONS = {
  "list-images": { external: ["@aws-sdk/*"], prebuiltOpenApi: true },
  "export-inventory": { external: [] },
  // Bundles its SDK (S3, EventBridge) like the export, whose store and events it shares.
  "plan-lifecycle": { external: [] },
  // The command is one file too: everything bundled, so it starts fast wherever it is copied.
  cli: {
    external: [],
    directory: "../packages/cli/",
    entry: "src/main.ts",
    outfile: "dist/nhn-images.mjs",
    // Source maps on: a failure's stack (--verbose) names core's files, for ~10 ms a start.
    // `--` ends Node's own options: Node otherwise takes the command's --env-file as its own
    // (it scans the whole command line for it) and exits 9 when the file is missing.
    shebang: "#!/usr/bin/env -S node --enable-source-maps --\n",
    executable: true,
    define: { NHN_IMAGES_VERSION: JSON.stringify(cliVersion()) },
  },
};

function cliVersion() {
  const file = fileURLToPath(new URL("../packages/cli/package.json", import.meta.url));
  return JSON.parse(readFileSync(file, "utf8")).version;
}

/** CommonJS dependencies inside an ESM bundle still call require() for Node built-ins. */
const REQUIRE_SHIM =
  "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/**
 * The list function's OpenAPI document, generated at bundle time from the same zod schemas
 * (`src/openapi.ts`, run once here) and carried gzipped in the bundle: serving it then needs
 * neither zod-openapi nor zod's JSON Schema generator, 40 KB of the bundle every cold start
 * loaded for a route few requests take. The source module is replaced by one that inflates it.
 */
async function prebuiltOpenApi(root) {
  const directory = await mkdtemp(join(tmpdir(), "nhn-images-openapi-"));
  const file = join(directory, "openapi.mjs");
  try {
    await build({
      entryPoints: [`${root}src/openapi.ts`],
      outfile: file,
      bundle: true,
      format: "esm",
      platform: "node",
      banner: { js: REQUIRE_SHIM },
      logLevel: "warning",
    });
    const { openApiDocument } = await import(pathToFileURL(file).href);
    const packed = gzipSync(JSON.stringify(openApiDocument()), { level: 9 }).toString("base64");
    // zlib is required when the document is asked for (the banner's `require`): an import
    // would be hoisted to the bundle's top and loaded by every cold start.
    const contents = `export function openApiDocument(){return JSON.parse(require("node:zlib").gunzipSync(Buffer.from(${JSON.stringify(packed)},"base64")).toString("utf8"))}`;
    return {
      name: "prebuilt-openapi",
      setup(bundler) {
        bundler.onLoad({ filter: /[\\/]src[\\/]openapi\.ts$/ }, () => ({ contents, loader: "js" }));
      },
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const name = process.argv[2];
const settings = FUNCTIONS[name];
if (settings === undefined) {
  console.error(`usage: bundle.mjs <${Object.keys(FUNCTIONS).join("|")}>`);
  process.exit(2);
}

const root = fileURLToPath(new URL(settings.directory ?? `../functions/${name}/`, import.meta.url));
const outfile = settings.outfile ?? "dist/index.mjs";
await rm(`${root}dist`, { recursive: true, force: true });
await mkdir(`${root}dist`, { recursive: true });
const result = await build({
  entryPoints: [`${root}${settings.entry ?? "src/index.ts"}`],
  outfile: `${root}${outfile}`,
  bundle: true,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  format: "esm",
  platform: "node",
  target: "node22",
  external: settings.external,
  metafile: true,
  legalComments: "none",
  banner: { js: `${settings.shebang ?? ""}${REQUIRE_SHIM}` },
  plugins: settings.prebuiltOpenApi ? [await prebuiltOpenApi(root)] : [],
  logLevel: "warning",
  define: settings.define ?? {},
});
if (settings.executable) await chmod(`${root}${outfile}`, 0o755);
const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
console.log(`${name}: ${outfile} ${(output.bytes / 1024).toFixed(1)} KiB`);
