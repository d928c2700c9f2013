import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { DEBIAN_PYTHON } from "./debian-python.ts";

/** What the real-OpenStack suites need, by the Debian package that brings it. */
const NEEDED = [
  {
    service: "glance",
    check: () => existsSync("/usr/bin/glance-api") && existsSync("/usr/bin/glance-manage"),
  },
  {
    service: "swift",
    check: () =>
      imports("swift.common.middleware.s3api") && existsSync("/usr/bin/swift-proxy-server"),
  },
] as const;

function imports(module: string): boolean {
  if (!existsSync(DEBIAN_PYTHON)) return false;
  return spawnSync(DEBIAN_PYTHON, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

/** The real services missing on this machine (none when Glance and Swift are installed). */
export function missingOpenStack(): string[] {
  return NEEDED.filter((need) => !need.check()).map((need) => need.service);
}

/**
 * Whether the real-OpenStack suites run here: every service installed. The test run's global
 * setup installs them where it can (scripts/install-openstack.sh) and, with `CI=true`, fails the
 * run where it cannot, so a CI run never passes without them.
 */
export const OPENSTACK_AVAILABLE = missingOpenStack().length === 0;
