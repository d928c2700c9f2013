import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  ATHENA_TABLES_ON_DUCKDB,
  readmeAthenaQueries,
  s3rverClient,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

async function isListening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

let stack: ChildProcess;
let output = "";
/** The stack's inventory prefix: this run's own, in the shared local S3 folder. */
const prefix = `dev-stack-test-${process.pid}/`;
const ports = { api: 0, lambda: 0, s3: 0, simulator: 0, events: 0 };
/** The test's own state file, in a directory of its own: never the developer's .local/stack.json. */
let stackHome: string;
let stackFile: string;

beforeAll(async () => {
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
  stackHome = await mkdtemp(join(tmpdir(), "nhn-images-dev-home-"));
  stackFile = join(stackHome, ".local/stack.json");
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("NHN_")),
  );
  stack = spawn(join(root, "node_modules/.bin/tsx"), ["scripts/dev.ts"], {
    cwd: root,
    env: {
      ...env,
      DEV_API_PORT: String(ports.api),
      DEV_LAMBDA_PORT: String(ports.lambda),
      DEV_S3_PORT: String(ports.s3),
      DEV_SIMULATOR_PORT: String(ports.simulator),
      DEV_EVENTS_PORT: String(ports.events),
      DEV_IMAGES: "200",
      DEV_STACK_FILE: stackFile,
      INVENTORY_PREFIX: prefix,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  stack.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  stack.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 90_000;
  while (!output.includes("Ctrl-C stops everything")) {
    if (stack.exitCode !== null || Date.now() > deadline)
      throw new Error(`pnpm dev did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 120_000);

afterAll(async () => {
  if (stack.exitCode === null) process.kill(-(stack.pid as number), "SIGKILL");
  await rm(stackHome, { recursive: true, force: true });
});

/** The built `nhn-images`, run from `cwd` with nothing of its own configured. */
function nhnImages(args: string[], cwd: string) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NHN_|INVENTORY_|S3_|EVENT|INIT_CWD)/.test(k)),
  );
  return promisify(execFile)(join(root, "packages/cli/dist/nhn-images.mjs"), args, {
    cwd,
    env,
    timeout: 60_000,
  });
}

describe("pnpm dev", () => {
  it("prints the URLs and example calls", () => {
    expect(output).toContain(`http://127.0.0.1:${ports.api}`);
    expect(output).toContain("curl -s");
    expect(output).toContain("simulator, 200 images");
    expect(output).toContain(`events     http://127.0.0.1:${ports.events}`);
  });

  it("prints the settings that point core, the CLI or a script at it, and keeps them in its state file", async () => {
    expect(output).toContain(`NHN_IDENTITY_URL=http://127.0.0.1:${ports.simulator}/v2.0`);
    expect(output).toContain(`S3_ENDPOINT=http://127.0.0.1:${ports.s3}`);
    expect(output).toContain(`EVENTBRIDGE_ENDPOINT=http://127.0.0.1:${ports.events}`);
    expect(output).toContain("pnpm nhn-images images --status active --name 'ubuntu*'");
    const state = JSON.parse(await readFile(stackFile, "utf8")) as Record<string, unknown>;
    expect(state).toMatchObject({
      api: `http://127.0.0.1:${ports.api}`,
      upstream: { NHN_IDENTITY_URL: `http://127.0.0.1:${ports.simulator}/v2.0` },
      inventory: { INVENTORY_BUCKET: "nhn-images-local", INVENTORY_PREFIX: prefix },
      events: { EVENTBRIDGE_ENDPOINT: `http://127.0.0.1:${ports.events}` },
    });
  });

  it("is found by nhn-images run anywhere under it, with nothing configured", async () => {
    const below = join(stackHome, "some/project");
    await mkdir(below, { recursive: true });
    const { stdout, stderr } = await nhnImages(
      ["images", "--status", "active", "-o", "ndjson"],
      below,
    );
    expect(stderr).toContain("using the simulator of the running pnpm dev");
    const api = (await (
      await fetch(`http://127.0.0.1:${ports.api}/images?status=active&limit=1000`)
    ).json()) as { images: { id: string }[] };
    const ids = stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(api.images.map((image) => image.id));
  });

  it("serves GET /images?status=active&limit=2 through serverless-offline from the simulator", async () => {
    const response = await fetch(`http://127.0.0.1:${ports.api}/images?status=active&limit=2`);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toMatch(/^"/);
    const body = (await response.json()) as {
      images: { status: string }[];
      page: { next: string | null };
    };
    expect(body.images).toHaveLength(2);
    expect(body.images.every((image) => image.status === "active")).toBe(true);
    const next = await fetch(
      `http://127.0.0.1:${ports.api}/images?cursor=${encodeURIComponent(body.page.next ?? "")}&limit=2`,
    );
    expect(next.status).toBe(200);
  });

  it("reads repeated parameters from the percent-encoded raw query string", async () => {
    const response = await fetch(
      `http://127.0.0.1:${ports.api}/images?property=os_type%3Alinux&property=image_type%3Asnap*&fields=properties&limit=1000`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { images: { properties: Record<string, string> }[] };
    expect(body.images.length).toBeGreaterThan(0);
    for (const image of body.images)
      expect(image.properties).toMatchObject({ os_type: "linux", image_type: "snapshot" });
  });

  it("answers problems over HTTP as it does through the handler", async () => {
    const response = await fetch(`http://127.0.0.1:${ports.api}/images?limit=0`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("lets pnpm export:local write two days that DuckDB answers the README's Athena queries over", async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith("NHN_")),
    );
    const printed: string[] = [];
    for (const date of ["2026-11-20", "2026-11-27"]) {
      const { stdout, stderr } = await promisify(execFile)(
        join(root, "node_modules/.bin/tsx"),
        ["scripts/export-local.ts"],
        {
          cwd: root,
          // No DEV_* port: export:local finds the running stack through its state file.
          env: { ...env, DEV_STACK_FILE: stackFile, EXPORT_DATE: date },
          timeout: 60_000,
        },
      );
      printed.push(stdout);
      // Its own summary only: no metrics blob, no SDK warning.
      expect(stdout).not.toContain('"_aws"');
      expect(stderr).not.toContain("NodeVersionSupportWarning");
    }
    // The second day's events went to the running stack's sink, which printed them too.
    expect(printed[1]).toMatch(
      new RegExp(`events: +\\d+ put on the bus default at http://127.0.0.1:${ports.events}`),
    );
    expect(printed[1]).toMatch(/Image (Added|Removed|Changed) +(KR1|JP1|KR2|KR3) /);
    expect(printed[1]).toMatch(/Inventory Snapshot Completed +2026-11-27: \d+ added/);
    expect(output).toMatch(/\[event\] Inventory Snapshot Completed +2026-11-27: \d+ added/);
    // The objects as they are in the running stack's S3, copied out as a table location holds them.
    const s3 = s3rverClient(`http://127.0.0.1:${ports.s3}`);
    const directory = await mkdtemp(join(tmpdir(), "nhn-images-dev-export-"));
    const db = await DuckDBInstance.create(":memory:");
    try {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: "nhn-images-local", Prefix: prefix }),
      );
      const keys = (listed.Contents ?? []).map((object) => object.Key as string);
      for (const date of ["2026-11-20", "2026-11-27"]) {
        expect(keys).toContain(`${prefix}parquet/images/dt=${date}/images.parquet`);
        expect(keys).toContain(`${prefix}csv/images/dt=${date}/images.csv.gz`);
      }
      for (const key of keys) {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: "nhn-images-local", Key: key }),
        );
        const file = join(directory, key);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, await (object.Body?.transformToByteArray() ?? new Uint8Array()));
      }
      const manifest = JSON.parse(
        await readFile(join(directory, prefix, "manifests/dt=2026-11-27/manifest.json"), "utf8"),
      ) as { counts: { images: number }; changes: { changed: number } };
      expect(manifest.changes.changed).toBeGreaterThan(0);
      const queries = readmeAthenaQueries(await readFile(join(root, "README.md"), "utf8"));
      for (const format of ["parquet", "ndjson"] as const) {
        const connection = await db.connect();
        await connection.run(ATHENA_TABLES_ON_DUCKDB[format](join(directory, prefix)));
        for (const query of queries) {
          const rows = (await connection.runAndReadAll(query.sql)).getRowObjectsJson();
          if (query.title.startsWith("How many images")) {
            const total = rows.reduce((sum, row) => sum + Number(row.images), 0);
            expect(total, format).toBe(manifest.counts.images);
          }
        }
        connection.closeSync();
      }
    } finally {
      db.closeSync();
      s3.destroy();
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);

  it("answers the history routes over the days export:local wrote", async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const snapshots = (await (await fetch(`${api}/snapshots`)).json()) as {
      snapshots: { snapshotDate: string; changes: { changed: number } }[];
    };
    expect(snapshots.snapshots.map((s) => s.snapshotDate)).toEqual(["2026-11-27", "2026-11-20"]);
    const week = await fetch(`${api}/images?asOf=2026-11-21&limit=1`);
    expect(week.status).toBe(200);
    expect(((await week.json()) as { source: unknown }).source).toMatchObject({
      snapshotDate: "2026-11-20",
    });
    const changes = await fetch(`${api}/changes?change=changed&format=csv`);
    expect(changes.status).toBe(200);
    const rows = (await changes.text()).trimEnd().split("\r\n");
    expect(rows[0]).toBe("snapshotDate,change,id,region,name,fields");
    expect(rows.length - 1).toBe(snapshots.snapshots[0]?.changes.changed);
    // The command line reads the same inventory through the stack's state file.
    const cli = await nhnImages(["snapshots", "-o", "ndjson"], stackHome);
    expect(
      cli.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).snapshotDate),
    ).toEqual(["2026-11-27", "2026-11-20"]);
  });

  it("answers a family's newest image live and as each exported day held it, through the offline gateway", async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const family = "family=CentOS%206.10&region=KR1";
    const live = await fetch(`${api}/images/latest?${family}`);
    expect(live.status).toBe(200);
    const then = (await (await fetch(`${api}/images/latest?${family}&asOf=2026-11-20`)).json()) as {
      id: string;
      family: string;
    };
    const now = (await (await fetch(`${api}/images/latest?${family}&asOf=2026-11-27`)).json()) as {
      id: string;
      name: string;
    };
    // The simulator released CentOS 6.10 again on its first day: the week's latest moved.
    expect(then.family).toBe("CentOS 6.10");
    expect(now.id).not.toBe(then.id);
    const families = await fetch(`${api}/families?visibility=public&region=KR1&format=csv`);
    expect(families.status).toBe(200);
    expect(await families.text()).toMatch(/^family,region,images,active,latestId,/);
    const cli = await nhnImages(
      ["latest", "--family", "CentOS 6.10", "--region", "KR1", "--as-of", "2026-11-27", "-o", "id"],
      stackHome,
    );
    expect(cli.stdout).toBe(`${now.id}\n`);
  });

  it("stops everything on Ctrl-C, leaving no process on its ports", async () => {
    process.kill(-(stack.pid as number), "SIGINT");
    const [code, signal] = await once(stack, "exit");
    // Our script exits 0; tsx's wrapper may report the SIGINT it relayed (130) instead.
    expect([0, 130]).toContain(code ?? (signal === "SIGINT" ? 130 : -1));
    for (const port of Object.values(ports)) expect(await isListening(port)).toBe(false);
    await expect(readFile(stackFile, "utf8")).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
