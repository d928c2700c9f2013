import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { missingOpenStack } from "@nhn-images/test-support";

const INSTALL = fileURLToPath(new URL("../scripts/install-openstack.sh", import.meta.url));

/**
 * Global setup of the projects that run the real OpenStack services (Glance, Swift's S3 API):
 * installs them from Debian's packages when they are missing and this machine can (root with
 * apt-get). Where it cannot, one line says so and their suites are skipped — except with
 * `CI=true`, where a missing service fails the run instead: CI never passes without them.
 */
export default function setup(): void {
  if (missingOpenStack().length > 0 && canInstall()) {
    spawnSync("bash", [INSTALL], { stdio: ["ignore", "inherit", "inherit"] });
  }
  const missing = missingOpenStack();
  if (missing.length === 0) return;
  const line = `Real OpenStack suites need ${missing.join(" and ")} from Debian's packages: run scripts/install-openstack.sh as root`;
  if (process.env.CI === "true")
    throw new Error(`${line} (CI=true: a missing service is a failure)`);
  console.warn(`${line}; skipping them.`);
}

function canInstall(): boolean {
  return (
    process.getuid?.() === 0 &&
    spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0
  );
}
