import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays } from "@nhn-images/core";
import { markTag } from "@nhn-images/lifecycle";
import { type Simulator, type SimulatorImage, startSimulator } from "@nhn-images/simulator";
import { type CheckedS3, startCheckedS3 } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ndjson, runCli, runCliOnTerminal } from "./cli-harness.ts";
import { imagesCreatedAgo, TODAY } from "./lifecycle-images.ts";

/**
 * `nhn-images lifecycle validate|plan|apply` and `unused --for`, run as a user runs them, over
 * the simulator and s3rver: three nights of exports (through `nhn-images export --date`) give
 * the usage history the policy reads.
 */
const ownImage = imagesCreatedAgo("40000000");
const own = (name: string, daysAgo: number, changes: Partial<SimulatorImage> = {}) =>
  ownImage(name, daysAgo, { size: 2 * 1024 ** 3, ...changes });
const images = {
  toMark: own("batch-snap-20260801", 120),
  alsoToMark: own("batch-snap-20260802", 119),
  toDelete: own("batch-snap-20260701", 150, { tags: [markTag(addDays(TODAY, -1))] }),
  newest: own("batch-snap-20260901", 90),
  other: own("web-golden-20260901", 90),
};

const POLICY = `# Snapshots nothing ran for three nights go; the newest of each family stays.
version: 1
rules:
  - name: batch snapshots
    select: { name: "batch-snap-*" }
    keepNewest: 1
    minAgeDays: 30
    unusedForDays: 3
    graceDays: 7
exclude: { tag: [keep] }
maxDeletesPerRun: 10
`;

let sim: Simulator;
let s3: CheckedS3;
let env: Record<string, string>;
let directory: string;
beforeAll(async () => {
  sim = await startSimulator({ images: Object.values(images) });
  sim.setEstate("KR1", { servers: [], volumes: [], clusters: [] });
  s3 = await startCheckedS3("lifecycle-cli");
  env = { ...sim.env("v2"), NHN_REGION: "KR1", NHN_USAGE: "true", ...s3.s3.env(s3.proxy.url) };
  directory = mkdtempSync(join(tmpdir(), "nhn-images-policy-"));
  writeFileSync(join(directory, "retention.yaml"), POLICY);
  writeFileSync(
    join(directory, "broken.yaml"),
    POLICY.replace("keepNewest: 1", "keepNewest: 0").replace("graceDays", "graceDay"),
  );
  for (let back = 3; back >= 1; back--) {
    const run = await runCli(["export", "--date", addDays(TODAY, -back)], env);
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);
afterAll(async () => {
  await sim?.close();
  await s3?.close();
});

const policyFile = (name: string) => join(directory, name);

describe("nhn-images lifecycle", () => {
  it("validate: 0 for a valid policy; 2 with every error on stderr, each naming its path", async () => {
    const valid = await runCli(
      ["lifecycle", "validate", "--policy", policyFile("retention.yaml")],
      env,
    );
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stderr).toMatch(/a valid policy of 1 rule \(batch snapshots\)/);
    const broken = await runCli(
      ["lifecycle", "validate", "--policy", policyFile("broken.yaml")],
      env,
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml: rules\[0\]\.keepNewest: must be at least 1\n/);
    expect(broken.stderr).toMatch(/broken\.yaml: rules\[0\]\.graceDays: is required\n/);
    expect(broken.stderr).toMatch(/broken\.yaml: rules\[0\]\.graceDay: is not a key/);
    const plan = await runCli(["lifecycle", "plan", "--policy", policyFile("broken.yaml")], env);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toBe("");
  });

  it("plan needs NHN_USAGE=true, and says so by name", async () => {
    const run = await runCli(["lifecycle", "plan", "--policy", policyFile("retention.yaml")], {
      ...env,
      NHN_USAGE: "false",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/NHN_USAGE must be true for lifecycle/);
  });

  it("plan prints every image's action and writes the plan to the bucket", async () => {
    const run = await runCli(["lifecycle", "plan", "--policy", policyFile("retention.yaml")], env);
    expect(run.code, run.stderr).toBe(0);
    const rows = ndjson(run.stdout) as { id: string; action: string; reason: string }[];
    const actions = Object.fromEntries(rows.map((row) => [row.id, row.action]));
    expect(actions).toEqual({
      [images.toMark.id]: "mark",
      [images.alsoToMark.id]: "mark",
      [images.toDelete.id]: "delete",
      [images.newest.id]: "keep",
      [images.other.id]: "keep",
    });
    expect(run.stderr).toMatch(
      /2 to mark, 1 to delete \(2\.0 GB reclaimable\), 0 to unmark, 2 kept/,
    );
    expect(run.stderr).toContain(`lifecycle/plans/dt=${TODAY}/plan.json`);
    expect(
      (await s3.keys()).some((key) => key.endsWith(`lifecycle/plans/dt=${TODAY}/plan.json`)),
    ).toBe(true);
  });

  it("plan shows a table on a terminal: action, family, name, age, unused since, size, reason", async () => {
    const run = await runCliOnTerminal(
      ["lifecycle", "plan", "--policy", policyFile("retention.yaml")],
      env,
      160,
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/ACTION\s+FAMILY\s+NAME\s+AGE\s+UNUSED SINCE\s+SIZE\s+REASON/);
    expect(run.stdout).toMatch(/mark\s+batch-snap\s+batch-snap-20260801\s+120d/);
  });

  it("apply without --yes is a dry run: what it would do, and nothing changes", async () => {
    const before = JSON.stringify(sim.listable());
    const run = await runCli(["lifecycle", "apply"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Dry run of plan/);
    expect(run.stderr).toMatch(/Dry run: nothing changed\. 3 actions would be taken/);
    expect(JSON.stringify(sim.listable())).toBe(before);
    expect((await s3.keys()).some((key) => key.includes("lifecycle/actions/"))).toBe(false);
  });

  it("apply --yes marks and deletes, a progress line each, and exits 0", async () => {
    const run = await runCli(["lifecycle", "apply", "--yes", "-o", "json"], env);
    expect(run.code, run.stderr).toBe(0);
    const entries = JSON.parse(run.stdout) as { id: string; action: string; result: string }[];
    expect(entries.map((e) => [e.id, e.action, e.result]).sort()).toEqual(
      [
        [images.toMark.id, "mark", "done"],
        [images.alsoToMark.id, "mark", "done"],
        [images.toDelete.id, "delete", "done"],
      ].sort(),
    );
    expect(run.stderr.match(/^done +(mark|delete) +KR1 /gm)).toHaveLength(3);
    const live = sim.listable();
    expect(live.map((i) => i.id)).not.toContain(images.toDelete.id);
    expect(live.find((i) => i.id === images.toMark.id)?.tags).toEqual([markTag(addDays(TODAY, 7))]);
    expect((await s3.keys()).some((key) => key.includes(`lifecycle/actions/dt=${TODAY}/`))).toBe(
      true,
    );
  });

  it("exits 1 when an action fails, the row saying why", async () => {
    // A fresh plan (the marks are on): unmark one by objecting with the keep tag, and fail it.
    const token = await runCli(
      ["lifecycle", "plan", "--policy", policyFile("retention.yaml")],
      env,
    );
    expect(token.code).toBe(0);
    sim.setImages(
      sim
        .listable()
        .map(({ family: _family, ...image }) =>
          image.id === images.toMark.id ? { ...image, tags: [...image.tags, "keep"] } : image,
        ),
    );
    const plan = await runCli(["lifecycle", "plan", "--policy", policyFile("retention.yaml")], env);
    expect(ndjson(plan.stdout)).toContainEqual(
      expect.objectContaining({ id: images.toMark.id, action: "unmark" }),
    );
    sim.faults.add({ routes: ["v2-image-tag"], times: 1, fault: { kind: "status", status: 403 } });
    const run = await runCli(["lifecycle", "apply", "--yes"], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^failed +unmark +KR1 .*refused with HTTP 403/m);
    expect(run.stderr).toMatch(/nhn-images: 1 action failed/);
  });
});

describe("nhn-images unused --for", () => {
  it("keeps the images unused in every snapshot of the last N days, with the day their run began", async () => {
    const run = await runCli(["unused", "--for", "3d"], env);
    expect(run.code, run.stderr).toBe(0);
    const rows = ndjson(run.stdout) as { id: string; unusedSinceDate: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.unusedSinceDate).toBe(addDays(TODAY, -3));
    const longer = await runCli(["unused", "--for", "5"], env);
    expect(longer.code, longer.stderr).toBe(0);
    expect(longer.stdout).toBe("");
    expect(longer.stderr).toMatch(/more are unused now but not in every snapshot of the 5 days/);
    const bad = await runCli(["unused", "--for", "two weeks"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--for must be a number of days/);
  });
});
