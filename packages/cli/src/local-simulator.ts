import { startSimulator } from "@nhn-images/simulator";

/** Images per region of the local simulator unless told otherwise (`DEV_IMAGES`). */
export const LOCAL_SIMULATOR_IMAGES = 500;

/**
 * The simulator `pnpm dev`, `pnpm export:local` and `nhn-images` (with nothing configured) all
 * run — seed 1, so each shows the same images — on `port` (0: any free one), with the settings
 * that point a consumer at it over the API `apiVersion` names (v2 unless "v1").
 */
export async function startLocalSimulator(
  options: { readonly port?: number; readonly images?: number; readonly day?: number },
  apiVersion: string | undefined,
) {
  const sim = await startSimulator({
    port: options.port ?? 0,
    images: options.images ?? LOCAL_SIMULATOR_IMAGES,
    seed: 1,
    day: options.day ?? 0,
  });
  return { sim, env: sim.env(apiVersion === "v1" ? "v1" : "v2") };
}
