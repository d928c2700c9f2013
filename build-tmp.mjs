import { build } from "esbuild";
await build({ entryPoints: ["functions/export-inventory/src/index.ts"], outfile: "functions/export-inventory/dist/index.mjs", bundle: true, minify: false, keepNames: true, format: "esm", platform: "node", target: "node22", banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" }, logLevel: "warning" });
