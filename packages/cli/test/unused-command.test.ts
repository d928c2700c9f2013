import { type Image, REGIONS } from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { expectedVerdicts } from "@nhn-images/test-support";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ndjson, runCli, runCliOnTerminal } from "./cli-harness.ts";

/*
 * `nhn-images unused` over a simulated estate with every kind of reference (image-booted,
 * shut off, shelved, volume-booted with and without image metadata, detached volumes, NKS node
 * groups), one KR2 server hiding its image.
 */

let sim: Simulator;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ images: 150, seed: 21 });
  env = { ...sim.env("v2"), NHN_REGION: "all", NHN_USAGE: "true" };
});
afterAll(() => sim.close());

function expectedUnused(): Image[] {
  const images = REGIONS.flatMap((region) => sim.listable({ region }));
  const verdicts = expectedVerdicts(images, (region) => sim.estate(region as never));
  return images.filter(
    (i) => i.visibility === "private" && verdicts.get(`${i.region} ${i.id}`) === "unused",
  );
}

describe("nhn-images unused", () => {
  it("prints exactly the private images nothing refers to, biggest first, and says where it cannot tell", async () => {
    const run = await runCli(["unused"], env);
    expect(run.code, run.stderr).toBe(0);
    const rows = ndjson(run.stdout) as Image[];
    const expected = expectedUnused();
    expect(expected.length).toBeGreaterThan(5);
    expect(new Set(rows.map((i) => `${i.region} ${i.id}`))).toEqual(
      new Set(expected.map((i) => `${i.region} ${i.id}`)),
    );
    expect(rows.some((i) => i.region === "KR2")).toBe(false);
    const sizes = rows.map((i) => i.size ?? -1);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const row of rows) expect(row.usage?.verdict).toBe("unused");
    expect(run.stderr).toMatch(
      new RegExp(
        `${rows.length} unused private images, [\\d.]+ [KMGT]?B in all\\. \\d+ more private images are unknown \\(in KR2\\)`,
      ),
    );
  });

  it("narrows with the filters of images, and prints CSV with the usage column", async () => {
    const run = await runCli(["unused", "--region", "KR1", "-o", "csv"], env);
    expect(run.code, run.stderr).toBe(0);
    const [header, ...lines] = run.stdout.trimEnd().split("\r\n");
    expect(header?.split(",").at(-1)).toBe("usage");
    expect(lines.length).toBe(expectedUnused().filter((i) => i.region === "KR1").length);
  });

  it("shows size, age and the evidence in a table that fits the terminal", async () => {
    const run = await runCliOnTerminal(["unused", "--region", "KR1"], env, 120);
    expect(run.code).toBe(0);
    const lines = run.stdout.split(/\r?\n/).filter((line) => line.trim() !== "");
    expect(lines[0]).toMatch(/ID\s+REGION\s+NAME\s+SIZE\s+AGE\s+EVIDENCE/);
    expect(lines[1]).toMatch(/KR1 .* \d+(\.\d)? [KMGT]?B +\d+d +no server, boot volume/);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(120);
  });

  it("exits 2 naming NHN_USAGE when usage is off, and lists nothing", async () => {
    const { NHN_USAGE: _, ...withoutUsage } = env;
    const run = await runCli(["unused"], withoutUsage);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n").at(-1)).toBe(
      "nhn-images: unused needs usage evidence: set NHN_USAGE=true (it lists servers, volumes and NKS node groups, which needs read access to them)",
    );
  });

  it("refuses the flags it decides itself", async () => {
    const run = await runCli(["unused", "--visibility", "public"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--visibility");
  });
});

describe("nhn-images images --in-use", () => {
  it("filters by verdict, and is a usage error naming the flag without NHN_USAGE", async () => {
    const run = await runCli(
      ["images", "--in-use", "unknown", "--region", "KR2", "--visibility", "private"],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = ndjson(run.stdout) as Image[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.usage?.reason).toContain("does not name its image");
    const { NHN_USAGE: _, ...withoutUsage } = env;
    const refused = await runCli(["images", "--in-use", "false"], withoutUsage);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--in-use needs usage evidence");
  });
});
