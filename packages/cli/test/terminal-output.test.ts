import { DEMO_PROJECT, generateImage, type Simulator, startSimulator } from "@nhn-images/simulator";
import { startS3 } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliOnTerminal } from "./cli-harness.ts";

// Image names come from other projects (shared and community images): these are what a hostile
// one could hold. Retitle the window, clear the screen, a C1 CSI, a carriage return that
// overwrites the line, and a right-to-left override that shows `abcgnp.exe` as `abcexe.png`.
const RETITLE = "build\u001b]0;pwned\u0007-\u001b[2J-\u009b31m-\rX";
const REORDERED = "abc\u202egnp.exe\u202c";
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let sim: Simulator;
let s3: Awaited<ReturnType<typeof startS3>>;
let env: Record<string, string>;
const ids: string[] = [];

beforeAll(async () => {
  const images = [RETITLE, REORDERED].map((name, index) => {
    const image = generateImage(41, index);
    ids.push(image.id);
    return {
      ...image,
      name,
      owner: DEMO_PROJECT.id,
      visibility: "private" as const,
      status: "active" as const,
    };
  });
  sim = await startSimulator({ images });
  s3 = await startS3("terminal-output");
  env = { ...sim.env("v2"), NHN_REGION: "KR1", ...s3.env() };
  const exported = await runCli(["export", "--date", "2026-10-01"], env);
  expect(exported.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await sim.close();
  await s3.close();
});

/** What `script` recorded, without the line ends the terminal itself turns `\n` into. */
const shown = (text: string) => text.replaceAll("\r\n", "\n");

describe("on a terminal, nothing an image name holds drives the terminal", () => {
  const cases: [string, string[]][] = [
    ["the images table", ["images"]],
    ["images as CSV", ["images", "-o", "csv"]],
    ["images as JSON", ["images", "-o", "json"]],
    ["one image's JSON", ["image", "ID0"]],
    ["the changes as CSV", ["changes", "--since", "2026-10-01", "-o", "csv"]],
    ["the changes table", ["changes", "--since", "2026-10-01"]],
  ];
  for (const [what, args] of cases) {
    it(what, async () => {
      const run = await runCliOnTerminal(
        args.map((arg) => (arg === "ID0" ? (ids[0] as string) : arg)),
        env,
        200,
      );
      expect(run.code).toBe(0);
      const text = shown(run.stdout);
      expect(text).not.toMatch(ACTIVE);
      // Each neutralised character shows, as `�`: the reader sees something was there.
      expect(text).toContain("\ufffd");
      expect(text).toMatch(/build/);
    });
  }
});

describe("piped, the formats stay exact", () => {
  it("CSV and NDJSON carry the names byte for byte", async () => {
    const csv = await runCli(["images", "-o", "csv"], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain("\u001b]0;pwned\u0007");
    expect(csv.stdout).toContain(REORDERED);
    const lines = (await runCli(["images", "-o", "ndjson"], env)).stdout.trim().split("\n");
    const names = lines.map((line) => (JSON.parse(line) as { name: string }).name).sort();
    expect(names).toEqual([RETITLE, REORDERED].sort());
  });
});
