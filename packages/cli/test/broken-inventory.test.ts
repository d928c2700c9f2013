import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { s3rverClient, startS3 } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ndjson, runCli } from "./cli-harness.ts";

const BUCKET = "broken-inventory";
const DATES = ["2026-10-01", "2026-10-02", "2026-10-03"];
const manifestKey = (date: string) => `nhn-images/manifests/dt=${date}/manifest.json`;

let sim: Simulator;
let s3: Awaited<ReturnType<typeof startS3>>;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ images: 60, seed: 8 });
  s3 = await startS3(BUCKET);
  env = { ...sim.env("v2"), NHN_REGION: "KR1", ...s3.env() };
  for (const [day, date] of DATES.entries()) {
    sim.setDay(day);
    expect((await runCli(["export", "--date", date], env)).code).toBe(0);
  }
  // The middle day's manifest is not JSON any more; one of long ago is garbage.
  const direct = s3rverClient(s3.url);
  await direct.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: manifestKey(DATES[1] as string), Body: "{ no" }),
  );
  await direct.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: manifestKey("2001-01-01"), Body: "garbage" }),
  );
  direct.destroy();
}, 60_000);
afterAll(async () => {
  const direct = s3rverClient(s3.url);
  await direct.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: manifestKey("2001-01-01") }));
  direct.destroy();
  await sim.close();
  await s3.close();
});

describe("an inventory with manifests that cannot be read", () => {
  it("snapshots lists the others, exit 0, and says on stderr which it skipped", async () => {
    const run = await runCli(["snapshots"], env);
    expect(run.code).toBe(0);
    expect(ndjson(run.stdout).map((row) => (row as { snapshotDate: string }).snapshotDate)).toEqual(
      ["2026-10-03", "2026-10-01"],
    );
    expect(run.stderr).toContain(`Skipped: ${manifestKey("2026-10-02")} is not a manifest`);
    expect(run.stderr).toContain(`Skipped: ${manifestKey("2001-01-01")}`);
  });

  it("history answers over the snapshots it can read, naming what it walked over", async () => {
    const image = sim.listable({ region: "KR1" })[0];
    const run = await runCli(["history", image?.id as string], env);
    expect(run.code).toBe(0);
    const history = JSON.parse(run.stdout);
    expect(history.skipped.map((s: { snapshotDate: string }) => s.snapshotDate)).toEqual([
      "2026-10-02",
      "2001-01-01",
    ]);
    expect(run.stderr).toContain("Walked over 2026-10-02");
  });
});
