import { fileURLToPath } from "node:url";

/**
 * Debian's Python, which has the OpenStack packages (`python3-swift`, `python3-glance`): the
 * `python3` first on PATH may be another build without them.
 */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** A helper script of this package's `python/` folder. */
export function pythonScript(name: string): string {
  return fileURLToPath(new URL(`./python/${name}`, import.meta.url));
}
