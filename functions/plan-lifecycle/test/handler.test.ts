import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { addDays, ConfigError, dayOf } from "@nhn-images/core";
import {
  createPlanLifecycleHandler,
  LifecyclePlan,
  markTag,
  PolicyError,
} from "@nhn-images/lifecycle";
import { type EventBus, recordingLogger, startEventBus } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BUCKET,
  type LifecycleHarness,
  ownImage,
  PREFIX,
  startLifecycleHarness,
} from "../../../packages/lifecycle/test/lifecycle-harness.ts";

/**
 * The scheduled `plan-lifecycle` function: plan-only unless `LIFECYCLE_APPLY` is true, its policy
 * inline or from the bucket, every misconfiguration named, no secret in a log — and the built
 * bundle does the same in a process of its own.
 */
const bundle = fileURLToPath(new URL("../dist/index.mjs", import.meta.url));
const TODAY = dayOf(Date.now());
const AWS = { AWS_ACCESS_KEY_ID: "AKIALIFECYCLEFN", AWS_SECRET_ACCESS_KEY: "lifecycle-fn-secret" };
const POLICY = `version: 1
rules:
  - name: tmp
    select: { name: "tmp-*" }
    keepNewest: 1
    minAgeDays: 1
    unusedForDays: 2
    graceDays: 3
`;
const images = {
  toMark: ownImage("tmp-20260101", addDays(TODAY, -60)),
  toDelete: ownImage("tmp-20251201", addDays(TODAY, -90), { tags: [markTag(addDays(TODAY, -1))] }),
  newest: ownImage("tmp-20260201", addDays(TODAY, -30)),
};

let h: LifecycleHarness;
let bus: EventBus;
beforeAll(async () => {
  h = await startLifecycleHarness(Object.values(images));
  bus = await startEventBus({ accessKeys: { [AWS.AWS_ACCESS_KEY_ID]: AWS.AWS_SECRET_ACCESS_KEY } });
  await h.exportDays(addDays(TODAY, -2), addDays(TODAY, -1));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await bus?.close();
});

function handler(extra: Record<string, string>) {
  const logger = recordingLogger();
  const run = createPlanLifecycleHandler({
    env: { ...h.env, ...extra },
    logger,
    getSecureString: async () => {
      throw new Error("no SSM in tests");
    },
    sleep: async () => {},
  });
  return { run, logger };
}
const writes = () => h.sim.counts["v2-image-tag"] + h.sim.counts["v2-image-delete"];

describe("the plan-lifecycle function", () => {
  it("only plans by default: the plan is in the bucket, nothing upstream changes", async () => {
    h.sim.resetCounts();
    const { run, logger } = handler({ LIFECYCLE_POLICY: POLICY });
    const result = await run();
    expect(result).toMatchObject({
      planKey: `${PREFIX}lifecycle/plans/dt=${TODAY}/plan.json`,
      counts: { mark: 1, delete: 1, keep: 1, unmark: 0 },
      applied: null,
    });
    expect(writes()).toBe(0);
    const stored = LifecyclePlan.parse(
      JSON.parse((await h.store.bytes(result.planKey)).toString()),
    );
    expect(stored.rows).toHaveLength(3);
    const logged = JSON.stringify(logger.lines);
    for (const secret of [h.env.NHN_API_PASSWORD as string, ...h.sim.issuedTokens()]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("applies with LIFECYCLE_APPLY=true, and puts its events on the bus", async () => {
    const { run } = handler({
      LIFECYCLE_POLICY: POLICY,
      LIFECYCLE_APPLY: "true",
      ...bus.env("lifecycle"),
      ...AWS,
    });
    const result = await run();
    expect(result.applied).toMatchObject({ counts: { done: 2, failed: 0 }, deleted: 1 });
    expect(h.tagsOf(images.toMark.id)).toEqual([markTag(addDays(TODAY, 3))]);
    expect(h.tagsOf(images.toDelete.id)).toBeNull();
    expect(
      bus
        .events()
        .map((event) => event["detail-type"])
        .sort(),
    ).toEqual(["Image Deleted", "Image Marked For Deletion", "Lifecycle Run Completed"]);
  });

  it("reads the policy from LIFECYCLE_POLICY_KEY in the inventory bucket", async () => {
    const key = `${PREFIX}policies/retention.yaml`;
    await h.store.direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: POLICY }));
    const result = await handler({ LIFECYCLE_POLICY_KEY: key }).run();
    expect(result.counts.keep).toBeGreaterThan(0);
  });

  it("names what is misconfigured", async () => {
    const failure = (extra: Record<string, string>) =>
      handler(extra)
        .run()
        .catch((e: unknown) => e);
    const neither = await failure({});
    expect(neither).toBeInstanceOf(ConfigError);
    expect((neither as Error).message).toMatch(
      /LIFECYCLE_POLICY: or LIFECYCLE_POLICY_KEY is required/,
    );
    const both = await failure({ LIFECYCLE_POLICY: POLICY, LIFECYCLE_POLICY_KEY: "x.yaml" });
    expect((both as Error).message).toMatch(/LIFECYCLE_POLICY_KEY: is set with LIFECYCLE_POLICY/);
    const missing = await failure({ LIFECYCLE_POLICY_KEY: `${PREFIX}policies/none.yaml` });
    expect((missing as Error).message).toMatch(
      /LIFECYCLE_POLICY_KEY: names s3:\/\/.*none\.yaml, which does not exist/,
    );
    const invalid = await failure({
      LIFECYCLE_POLICY: POLICY.replace("graceDays: 3", "graceDays: -3"),
    });
    expect(invalid).toBeInstanceOf(PolicyError);
    expect((invalid as Error).message).toMatch(
      /LIFECYCLE_POLICY\): rules\[0\]\.graceDays: must be at least 0/,
    );
    const noUsage = await failure({ LIFECYCLE_POLICY: POLICY, NHN_USAGE: "false" });
    expect((noUsage as Error).message).toMatch(/NHN_USAGE: must be true for lifecycle/);
  });

  it("runs as the built bundle, in a process of its own", async () => {
    const script = `const { handler } = await import(${JSON.stringify(bundle)});
      process.stdout.write(JSON.stringify(await handler()));`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: {
        ...h.env,
        LIFECYCLE_POLICY: POLICY,
        POWERTOOLS_LOG_LEVEL: "ERROR",
        PATH: process.env.PATH ?? "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ planDate: TODAY, applied: null });
  });
});
