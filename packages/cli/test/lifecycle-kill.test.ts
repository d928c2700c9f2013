import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays } from "@nhn-images/core";
import { type ActionEntry, MARK_PREFIX, markTag, runApply } from "@nhn-images/lifecycle";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { type CheckedS3, startCheckedS3 } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cliEnv, OUTSIDE_WORKSPACE, runCli } from "./cli-harness.ts";
import { imagesCreatedAgo, TODAY } from "./lifecycle-images.ts";

/**
 * `nhn-images lifecycle apply --yes` killed with SIGKILL at every upstream write (the write
 * applied, its answer never sent) and at every write of the bucket (applied, never acknowledged):
 * a re-run afterwards (an hour on, the dead run's lock expired) converges — exactly the images
 * the plan deletes are gone, the ones it marks carry one mark — and the audit logs agree with
 * Glance: every `done` line is true of Glance, and every image Glance changed has a line.
 */
const ownImage = imagesCreatedAgo("50000000");
const own = (name: string, daysAgo: number, tags: string[] = []) =>
  ownImage(name, daysAgo, { tags });
const PASSED = markTag(addDays(TODAY, -1));
const toMark = [
  own("job-snap-20260801", 120),
  own("job-snap-20260802", 119),
  own("job-snap-20260803", 118),
];
const toDelete = [own("job-snap-20260701", 150, [PASSED]), own("job-snap-20260702", 149, [PASSED])];
const ORIGINAL = [...toMark, ...toDelete, own("job-snap-20260901", 90)];
const MARK = markTag(addDays(TODAY, 7));
const POLICY = `version: 1
rules:
  - name: job snapshots
    select: { name: "job-snap-*" }
    keepNewest: 1
    minAgeDays: 30
    unusedForDays: 2
    graceDays: 7
`;

let sim: Simulator;
let s3: CheckedS3;
let env: Record<string, string>;
beforeAll(async () => {
  sim = await startSimulator({ images: ORIGINAL });
  sim.setEstate("KR1", { servers: [], volumes: [], clusters: [] });
  s3 = await startCheckedS3("lifecycle-kill");
  env = { ...sim.env("v2"), NHN_REGION: "KR1", NHN_USAGE: "true", ...s3.s3.env(s3.proxy.url) };
  for (const back of [2, 1]) {
    const run = await runCli(["export", "--date", addDays(TODAY, -back)], env);
    expect(run.code, run.stderr).toBe(0);
  }
  const directory = mkdtempSync(join(tmpdir(), "nhn-images-kill-"));
  writeFileSync(join(directory, "policy.yaml"), POLICY);
  const plan = await runCli(["lifecycle", "plan", "--policy", join(directory, "policy.yaml")], env);
  expect(plan.code, plan.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await sim?.close();
  await s3?.close();
});

function startApply(): ChildProcess {
  return spawn(CLI, ["lifecycle", "apply", "--yes"], {
    env: cliEnv(env),
    cwd: OUTSIDE_WORKSPACE,
    stdio: ["ignore", "ignore", "pipe"],
  });
}

const auditKeys = async () =>
  (await s3.keys()).filter((key) => key.includes(`lifecycle/actions/dt=${TODAY}/`));

async function auditLines(keys: readonly string[]): Promise<ActionEntry[]> {
  const lines: ActionEntry[] = [];
  for (const key of keys) {
    const text = (await s3.bytes(key)).toString("utf8");
    for (const line of text.split("\n"))
      if (line !== "") lines.push(JSON.parse(line) as ActionEntry);
  }
  return lines;
}

/** A re-run an hour on (the killed run's lock has expired), then the invariants. */
async function expectConverged(context: string, before: readonly string[]) {
  await runApply(env, { act: true, now: () => Date.now() + 2 * 3600_000, sleep: async () => {} });
  const live = new Map(sim.listable().map((image) => [image.id, image]));
  for (const image of toDelete)
    expect(live.has(image.id), `${context}: ${image.name} deleted`).toBe(false);
  for (const image of toMark) {
    expect(live.get(image.id)?.tags, `${context}: ${image.name} marked once`).toEqual([MARK]);
  }
  const lines = await auditLines((await auditKeys()).filter((key) => !before.includes(key)));
  for (const line of lines.filter((l) => l.result === "done")) {
    if (line.action === "delete") expect(live.has(line.id), `${context}: ${line.name}`).toBe(false);
    if (line.action === "mark") {
      expect(live.get(line.id)?.tags.some((tag) => tag.startsWith(MARK_PREFIX))).toBe(true);
    }
  }
  for (const image of [...toMark, ...toDelete]) {
    expect(
      lines.some((line) => line.id === image.id),
      `${context}: a line for ${image.name}`,
    ).toBe(true);
  }
}

/** Puts Glance back as it was before any apply. */
function restore() {
  sim.faults.clear();
  sim.setImages(ORIGINAL);
  s3.proxy.thaw();
}

describe("apply killed with SIGKILL", () => {
  it("at every upstream write (applied, never answered): a re-run converges", async () => {
    const writes = toMark.length + toDelete.length;
    for (let k = 1; k <= writes; k++) {
      restore();
      const before = await auditKeys();
      let hung!: () => void;
      const hanging = new Promise<void>((resolve) => {
        hung = resolve;
      });
      sim.faults.add({
        routes: ["v2-image-tag", "v2-image-delete"],
        skip: k - 1,
        times: 1,
        fault: { kind: "hang", onHang: () => hung() },
      });
      const child = startApply();
      const exited = once(child, "exit");
      await Promise.race([hanging, exited]);
      child.kill("SIGKILL");
      // Killed where it hung, not ended on its own.
      expect((await exited)[1], `upstream write ${k}`).toBe("SIGKILL");
      sim.faults.clear();
      await expectConverged(`killed at upstream write ${k} of ${writes}`, before);
    }
  }, 120_000);

  it("at every write of the bucket (the lock, each audit append): a re-run converges", async () => {
    restore();
    const writesBefore = s3.proxy.writes();
    const complete = startApply();
    const [code] = await once(complete, "exit");
    expect(code).toBe(0);
    const total = s3.proxy.writes() - writesBefore;
    expect(total).toBeGreaterThanOrEqual(3); // the lock, at least one audit write, the release
    for (let k = 1; k <= total; k++) {
      restore();
      const before = await auditKeys();
      const frozen = s3.proxy.freezeAfterWrites(k);
      const victim = startApply();
      const exited = once(victim, "exit");
      await Promise.race([frozen, exited]);
      victim.kill("SIGKILL");
      expect((await exited)[1], `bucket write ${k}`).toBe("SIGKILL");
      s3.proxy.thaw();
      await expectConverged(`killed after bucket write ${k} of ${total}`, before);
    }
  }, 120_000);
});
