// `nhn-images latest` and `nhn-images families` as a script and a person use them, each answer
// held to what `nhn-images images` lists.
import { execFile } from "node:child_process";
import type { FamilyRow, Image } from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cliEnv, ndjson, OUTSIDE_WORKSPACE, runCli } from "./cli-harness.ts";

let sim: Simulator;
let env: Record<string, string>;
const UBUNTU = "Ubuntu Server 24.04.3 LTS";

beforeAll(async () => {
  sim = await startSimulator({ images: 300, seed: 8 });
  env = { ...sim.env("v2"), NHN_REGION: "KR1" };
});
afterAll(() => sim.close());

/** What `images` lists for a family, newest first: the list a person reads. */
async function listedNewestFirst(family: string, settings = env): Promise<Image[]> {
  const run = await runCli(
    ["images", "--family", family, "--status", "active", "--sort", "createdAt:desc"],
    settings,
  );
  expect(run.code, run.stderr).toBe(0);
  return (ndjson(run.stdout) as Image[]).filter((image) => !image.hidden);
}

describe("nhn-images latest", () => {
  it("-o id prints the id alone of the image a person picks from the list, for $(…) in a script", async () => {
    const expected = (await listedNewestFirst(UBUNTU))[0] as Image;
    const run = await runCli(["latest", "--family", UBUNTU, "-o", "id"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${expected.id}\n`);
    // As a shell script uses it: the id in a variable, the script going on.
    const script = `id=$("$CLI" latest --family "${UBUNTU}" -o id) && echo "boot $id"`;
    const shell = await new Promise<string>((resolve, reject) =>
      execFile(
        "bash",
        ["-c", script],
        { env: { ...cliEnv(env), CLI }, cwd: OUTSIDE_WORKSPACE },
        (error, stdout) => (error === null ? resolve(stdout) : reject(error)),
      ),
    );
    expect(shell).toBe(`boot ${expected.id}\n`);
  });

  it("prints the image as JSON by default, and its fields with --fields", async () => {
    const expected = (await listedNewestFirst(UBUNTU))[0] as Image;
    const run = await runCli(["latest", "--family", UBUNTU], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
    const few = await runCli(["latest", "--family", UBUNTU, "--fields", "name", "-o", "json"], env);
    expect(JSON.parse(few.stdout)).toEqual({ id: expected.id, region: "KR1", name: expected.name });
  });

  it("fails with exit 1 and nothing on stdout when no image matches, so a script stops", async () => {
    const run = await runCli(["latest", "--family", "No Such Family", "-o", "id"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/No image matches/);
    const script = `id=$("$CLI" latest --family "No Such Family" -o id) && echo "boot $id"`;
    const code = await new Promise<number>((resolve) =>
      execFile("bash", ["-c", script], { env: { ...cliEnv(env), CLI } }, (error) =>
        resolve(error === null ? 0 : Number(error.code)),
      ),
    );
    expect(code).toBe(1);
  });

  it("needs --region over several regions (exit 2, naming the flag), and answers in the one given", async () => {
    const several = { ...env, NHN_REGION: "KR1,JP1" };
    const refused = await runCli(["latest", "--family", UBUNTU, "-o", "id"], several);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--region is required/);
    const jp1 = await runCli(
      ["latest", "--family", UBUNTU, "--region", "JP1", "-o", "id"],
      several,
    );
    const listed = await listedNewestFirst(UBUNTU, { ...env, NHN_REGION: "JP1" });
    expect(jp1.stdout).toBe(`${listed[0]?.id}\n`);
  });

  it("-o id is refused where it means nothing, naming what it is for", async () => {
    const run = await runCli(["images", "-o", "id"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/-o id .* nhn-images latest/);
  });
});

describe("nhn-images families", () => {
  it("lists every family of the list, counted as the list counts them", async () => {
    const images = ndjson((await runCli(["images"], env)).stdout) as Image[];
    const run = await runCli(["families"], env);
    expect(run.code, run.stderr).toBe(0);
    const rows = ndjson(run.stdout) as FamilyRow[];
    expect(rows.reduce((sum, row) => sum + row.images, 0)).toBe(images.length);
    for (const row of rows) {
      const members = images.filter((image) => image.family === row.family);
      expect(row.images, row.family).toBe(members.length);
      expect(row.active, row.family).toBe(members.filter((i) => i.status === "active").length);
    }
    const ubuntu = rows.find((row) => row.family === UBUNTU);
    expect(ubuntu?.latest?.id).toBe((await listedNewestFirst(UBUNTU))[0]?.id);
  });

  it("filters by family glob and visibility, and writes CSV with a header", async () => {
    const run = await runCli(
      ["families", "--family", "ubuntu*", "--visibility", "public", "-o", "csv"],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const [header, ...lines] = run.stdout.trimEnd().split("\r\n");
    expect(header).toBe(
      "family,region,images,active,latestId,latestName,latestCreatedAt,oldestCreatedAt,totalBytes,visibility",
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^Ubuntu .*,public$/);
  });
});
