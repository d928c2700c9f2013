import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { Image } from "@nhn-images/core";
import { generateImage, type Simulator, startSimulator } from "@nhn-images/simulator";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasAnsi, ndjson, OUTSIDE_WORKSPACE, runCli } from "./cli-harness.ts";

// A password no output may ever hold (the simulator accepts it as the demo user's).
const PASSWORD = "cli-sentinel-password-7f3a9c";
let sim: Simulator;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ images: 300, seed: 15, credentials: { password: PASSWORD } });
  env = { ...sim.env("v2"), NHN_REGION: "KR1,KR2" };
});
afterAll(() => sim.close());

/** What the simulator serves the demo project over v2, in both regions. */
function served(): Image[] {
  return [...sim.listable({ region: "KR1" }), ...sim.listable({ region: "KR2" })];
}

const activeUbuntu = (image: Image) =>
  image.status === "active" && image.name.toLowerCase().startsWith("ubuntu");

function expectNoSecret(...texts: string[]) {
  for (const text of texts) expect(text).not.toContain(PASSWORD);
  for (const token of sim.issuedTokens())
    for (const text of texts) expect(text).not.toContain(token);
}

describe("nhn-images images", () => {
  it("prints exactly the matches as NDJSON when piped, nothing else on stdout", async () => {
    const run = await runCli(["images", "--status", "active", "--name", "ubuntu*"], env);
    expect(run.code).toBe(0);
    const rows = ndjson(run.stdout) as Image[];
    const expected = served().filter(activeUbuntu);
    expect(expected.length).toBeGreaterThan(5);
    expect(rows.map((i) => `${i.region}/${i.id}`).sort()).toEqual(
      expected.map((i) => `${i.region}/${i.id}`).sort(),
    );
    // Newest first, as GET /images sorts by default.
    const created = rows.map((i) => i.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(hasAnsi(run.stdout) || hasAnsi(run.stderr)).toBe(false);
    expectNoSecret(run.stdout, run.stderr);
  });

  it("walks past one page: every image of both regions, and --limit stops early", async () => {
    const all = await runCli(["images", "-o", "ndjson"], env);
    expect(ndjson(all.stdout)).toHaveLength(served().length);
    expect(served().length).toBeGreaterThan(500);
    const some = await runCli(["images", "--limit", "7", "-o", "ndjson"], env);
    expect(ndjson(some.stdout)).toHaveLength(7);
    expect(some.stderr).toContain(`7 of ${served().length} matching images`);
  });

  it("writes CSV that a SQL engine reads back row for row", async () => {
    const run = await runCli(
      ["images", "--visibility", "private,shared", "--property", "os_type:linux", "-o", "csv"],
      env,
    );
    expect(run.code).toBe(0);
    const file = join(OUTSIDE_WORKSPACE, "images.csv");
    writeFileSync(file, run.stdout);
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    try {
      const read = await connection.runAndReadAll(
        `select id, region, name, size, tags from read_csv('${file}', header = true, all_varchar = true, quote = '"', escape = '"')`,
      );
      const rows = read.getRowObjectsJson() as Record<string, string | null>[];
      const expected = served().filter(
        (i) =>
          (i.visibility === "private" || i.visibility === "shared") &&
          i.properties.os_type?.toLowerCase() === "linux",
      );
      expect(rows.length).toBe(expected.length);
      const byKey = new Map(expected.map((i) => [`${i.region}/${i.id}`, i]));
      for (const row of rows) {
        const image = byKey.get(`${row.region}/${row.id}`);
        expect(image).toBeDefined();
        expect(row.size).toBe(image?.size === null ? null : String(image?.size));
        expect(row.tags ?? "").toBe(image?.tags.join(";"));
      }
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });

  it("prints one JSON array with -o json, and the projection asked for", async () => {
    const run = await runCli(
      ["images", "--disk-format", "qcow2", "--fields", "name,size", "-o", "json"],
      env,
    );
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.length).toBe(served().filter((i) => i.diskFormat === "qcow2").length);
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual(["id", "name", "region", "size"]);
  });

  it("fits a table to the terminal's width, however long the names", async () => {
    for (const columns of [60, 100, 160]) {
      const run = await runCli(["images", "--name", "*", "-o", "table"], {
        ...env,
        COLUMNS: String(columns),
      });
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^ID\s+REGION\s+NAME/);
      expect(lines.length).toBe(served().length + 1);
      for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
      expect(hasAnsi(run.stdout)).toBe(false);
    }
  });

  it("answers an image by id as one JSON document, and an unknown id exits 1", async () => {
    const image = served()[3] as Image;
    const run = await runCli(["image", image.id, "--region", image.region.toLowerCase()], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(image);
    const missing = await runCli(["image", "0f0f0f0f-0000-4000-8000-000000000000"], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr.trim()).toBe(
      'nhn-images: Image "0f0f0f0f-0000-4000-8000-000000000000" does not exist',
    );
  });
});

describe("an id in two regions", () => {
  it("asks for --region (exit 2), and answers with it", async () => {
    const twin = "7d9e0c1a-5b42-4f6e-9a3d-2c1b0e9f8a77";
    const twins = await startSimulator({
      images: [
        { ...generateImage(5, 1, "KR1"), id: twin, name: "twin in KR1" },
        { ...generateImage(5, 2, "JP1"), id: twin, name: "twin in JP1" },
      ],
    });
    try {
      const settings = { ...twins.env("v2"), NHN_REGION: "KR1,JP1" };
      const both = await runCli(["image", twin], settings);
      expect(both.code).toBe(2);
      expect(both.stderr.trim()).toBe(
        `nhn-images: Image "${twin}" exists in KR1 and JP1: give --region`,
      );
      const one = await runCli(["image", twin, "--region", "JP1"], settings);
      expect(JSON.parse(one.stdout)).toMatchObject({
        id: twin,
        region: "JP1",
        name: "twin in JP1",
      });
    } finally {
      await twins.close();
    }
  });
});

describe("usage errors exit 2 and name the flag", () => {
  const cases: [string[], RegExp][] = [
    [["images", "--fits-disk", "-1"], /^nhn-images: --fits-disk must be a whole number/],
    [
      ["images", "--size-min", "10", "--size-max", "5"],
      /--size-min.*--size-max|--size-max.*--size-min/,
    ],
    [["images", "--sttus", "active"], /unknown option '--sttus'.*--status/],
    [["images", "--status", "running"], /^nhn-images: --status must be one of/],
    [["images", "-o", "xml"], /'-o, --output <format>' argument 'xml' is invalid/],
    [["images", "--limit", "0"], /^nhn-images: --limit must be a whole number from 1/],
    [
      ["images", "--created-since", "yesterday"],
      /^nhn-images: --created-since must be an RFC 3339/,
    ],
    [["image"], /missing required argument 'id'/],
    [["image", "x", "--region", "US1"], /^nhn-images: --region must be one of KR1/],
    [["diff", "2026-13-01", "2026-11-02"], /^nhn-images: <dateA> /],
    [["export", "--date", "2999-01-01"], /^nhn-images: --date 2999-01-01 is after today/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    it(args.join(" "), async () => {
      const run = await runCli(args, env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    });
  }

  it("--env-file naming a missing file stops before anything runs", async () => {
    const run = await runCli(["images", "--env-file", "/nonexistent/x.env"], env);
    expect(run.stdout).toBe("");
    // Not Node's: it takes an --env-file anywhere on its command line as its own, unless told
    // where its options end (the command's shebang does).
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nhn-images: --env-file: cannot read \/nonexistent\/x.env/);
  });

  it("--env-file reads at most 1 MiB: /dev/zero is refused, not read forever", async () => {
    const run = await runCli(["images", "--env-file", "/dev/zero"], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^nhn-images: --env-file: \/dev\/zero is larger than 1 MiB/);
  });

  it("--env-file with no setting in it is a usage error, not the embedded simulator", async () => {
    const file = join(OUTSIDE_WORKSPACE, "empty.env");
    writeFileSync(file, "# my settings\nnot a setting\n");
    const run = await runCli(["images", "--env-file", file], {});
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^nhn-images: --env-file: .*empty\.env sets nothing/);
    expect(run.stderr).not.toContain("simulator");
  });

  it("a malformed setting exits 2 naming the variable", async () => {
    const run = await runCli(["images"], { ...env, NHN_TIMEOUT_MS: "soon" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nhn-images: NHN_TIMEOUT_MS /);
  });
});

describe("failures upstream exit 1 with one line", () => {
  it("a wrong password: the problem's message, no stack, no secret", async () => {
    const run = await runCli(["images"], { ...env, NHN_API_PASSWORD: `${PASSWORD}-wrong` });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nhn-images: .*(401|auth)/i);
    expectNoSecret(run.stdout, run.stderr);
  });

  it("Glance failing every request: retried, then one line naming the listing", async () => {
    sim.faults.add({ fault: { kind: "status", status: 503 }, routes: ["v2-images"] });
    try {
      const run = await runCli(["images"], { ...env, NHN_MAX_RETRIES: "1" });
      expect(run.code).toBe(1);
      const failure = run.stderr.trim().split("\n").at(-1);
      expect(failure).toMatch(/^nhn-images: .*image list.*503/);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      sim.faults.clear();
    }
  });

  it("an upstream message echoing the token is scrubbed", async () => {
    sim.faults.add({ fault: { kind: "echo-secret", via: "result-message" }, routes: ["identity"] });
    try {
      const run = await runCli(["images"], env);
      expect(run.code).toBe(1);
      expectNoSecret(run.stdout, run.stderr);
    } finally {
      sim.faults.clear();
    }
  });

  it("--verbose adds the stack (source-mapped to core's files)", async () => {
    const run = await runCli(["images", "--verbose"], { ...env, NHN_API_PASSWORD: "wrong" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\s+at .*packages\/core\/src\//m);
  });
});

describe("--help", () => {
  for (const command of [
    "images",
    "image",
    "export",
    "snapshots",
    "changes",
    "history",
    "diff",
    "simulator",
  ]) {
    it(`${command} --help shows usage and an example, exit 0`, async () => {
      const run = await runCli([command, "--help"], {});
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: nhn-images ${command}`);
      expect(run.stdout).toMatch(/Examples?:\n\s+nhn-images /);
      expect(run.stderr).toBe("");
    });
  }

  it("images --help lists every filter of GET /images as a kebab-case flag", async () => {
    const run = await runCli(["images", "--help"], {});
    for (const flag of [
      "--disk-format",
      "--fits-disk",
      "--fits-ram",
      "--size-min",
      "--created-since",
      "--as-of",
      "--property",
      "--tag",
      "--sort",
      "--fields",
      "--limit",
      "--output",
      "--env-file",
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).not.toContain("--cursor");
  });
});

describe("with nothing configured", () => {
  it("answers from the embedded simulator, saying so on stderr", async () => {
    const run = await runCli(
      ["images", "--status", "active", "--name", "ubuntu*", "-o", "table"],
      {},
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/^ID\s+REGION\s+NAME/);
    expect(run.stdout).toMatch(/Ubuntu Server/);
    expect(run.stderr).toContain("embedded simulator");
  });

  it("reads --env-file, and the environment wins over it", async () => {
    const file = join(OUTSIDE_WORKSPACE, "sim.env");
    writeFileSync(
      file,
      Object.entries({ ...env, NHN_REGION: "KR2" })
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
    );
    const fromFile = await runCli(["--env-file", file, "images", "-o", "ndjson"], {});
    expect(ndjson(fromFile.stdout)).toHaveLength(sim.listable({ region: "KR2" }).length);
    const overridden = await runCli(["images", "--env-file", file, "-o", "ndjson"], {
      NHN_REGION: "KR1",
    });
    expect(ndjson(overridden.stdout)).toHaveLength(sim.listable({ region: "KR1" }).length);
  });

  it("reads an --env-file that starts with a UTF-8 byte-order mark, first line included", async () => {
    // The first line sets the password: a BOM glued to its name would lose it.
    const { NHN_API_PASSWORD, ...rest } = env;
    const file = join(OUTSIDE_WORKSPACE, "bom.env");
    const lines = Object.entries({ NHN_API_PASSWORD, ...rest, NHN_REGION: "KR2" })
      .map(([k, v]) => `${k}=${v}`)
      .join("\r\n");
    writeFileSync(file, `\uFEFF${lines}\r\n`);
    const run = await runCli(["--env-file", file, "images", "-o", "ndjson"], {});
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(ndjson(run.stdout)).toHaveLength(sim.listable({ region: "KR2" }).length);
  });
});
