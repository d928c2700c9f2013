import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPENSTACK_AVAILABLE } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, duckRows, type Harness, listedImages, PREFIX, startHarness } from "./harness.ts";

/**
 * The export on OpenStack Swift's S3 API, what NHN Object Storage runs: Swift 2.30 answers every
 * conditional PUT with 501, wants Content-MD5 on DeleteObjects, refuses aws-chunked stream
 * bodies and binds SigV4 to its `location` (KR1). The re-run, backfill and kill-matrix suites run
 * on it too (reruns.test.ts, kill-matrix.test.ts); these are what only Swift asks of the export.
 */
const pool = listedImages(41, 60);
let h: Harness;
let scratch: string;
beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  h = await startHarness({ images: pool.slice(0, 40), store: "swift" });
  scratch = await mkdtemp(join(tmpdir(), "nhn-images-swift-objects-"));
});
afterAll(async () => {
  await h?.close();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

const run = (date: string, env: Record<string, string> = {}) =>
  h.handler({ now: at(`${date}T15:00:00Z`), env })({ date });
const operationsSince = (from: number) => h.proxy.operations.slice(from);

describe.runIf(OPENSTACK_AVAILABLE)("the export on Swift's S3 API", () => {
  it("meets Swift's refusal of conditional writes once per run, claims the date instead, and leaves no claim behind", async () => {
    const from = h.proxy.operations.length;
    await run("2026-11-20");
    const puts = operationsSince(from).filter(
      (op) => op.operation === "PutObject" && op.key.includes("locks/"),
    );
    // One conditional PUT of the lock (501), then one claim of the run's own.
    expect(puts.map((op) => op.key.replace(/[0-9a-f-]{36}/, "RUN"))).toEqual([
      `${PREFIX}locks/dt=2026-11-20.json`,
      `${PREFIX}locks/dt=2026-11-20/RUN.json`,
    ]);
    expect((await h.keys()).filter((key) => key.includes("locks/"))).toEqual([]);
    await h.verifyManifest(await h.manifest("2026-11-20"));
  });

  it("sends no DeleteObjects, no aws-chunked body and no trailing checksum, which Swift refuses", async () => {
    const from = h.proxy.operations.length;
    h.sim.setImages(pool.slice(5, 45));
    await h.handler({ now: at("2026-11-21T09:00:00Z") })({ date: "2026-11-20" }); // a re-run
    const operations = operationsSince(from);
    expect(operations.filter((op) => op.operation === "Other")).toEqual([]);
    expect(operations.filter((op) => op.operation === "DeleteObject").length).toBeGreaterThan(0);
    expect(operations.filter((op) => op.payloadSigning?.startsWith("STREAMING-"))).toEqual([]);
    expect(operations.every((op) => op.signedFor === null || op.signedFor.region === "KR1")).toBe(
      true,
    );
  });

  it("two runs of one date at once: one writes, the other is refused, and the manifest matches its objects", async () => {
    const date = "2026-11-19";
    h.proxy.addFault({
      operation: "PutObject",
      keyContains: `dt=${date}/`,
      kind: "latency",
      ms: 400,
      times: 3,
    });
    try {
      const first = run(date);
      // The second starts once the first holds the date and writes its objects.
      await waitFor(() => h.proxy.operations.some((op) => op.key.includes(`/images/dt=${date}/`)));
      h.sim.setImages(pool.slice(10, 50));
      const second = h.handler({ now: at(`${date}T15:00:01Z`) })({ date });
      const [a, b] = await Promise.allSettled([first, second]);
      expect(a.status).toBe("fulfilled");
      expect(String((b as PromiseRejectedResult).reason)).toMatch(
        new RegExp(`Another run .* of ${date} claims it`),
      );
    } finally {
      h.proxy.clearFaults();
    }
    await h.verifyManifest(await h.manifest(date));
    expect((await h.keys()).filter((key) => key.includes("locks/"))).toEqual([]);
  });

  it("writes objects DuckDB reads back from Swift as the manifest counts them", async () => {
    const manifest = await h.manifest("2026-11-20");
    const local = async (name: string, key: string) => {
      const file = join(scratch, name);
      await writeFile(file, await h.bytes(key));
      return file;
    };
    const parquet = await local(
      "images.parquet",
      `${PREFIX}parquet/images/dt=2026-11-20/images.parquet`,
    );
    const ndjson = await local(
      "images.ndjson.gz",
      `${PREFIX}ndjson/images/dt=2026-11-20/images.ndjson.gz`,
    );
    const [fromParquet] = await duckRows(
      `SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids FROM read_parquet('${parquet}')`,
    );
    const [fromNdjson] = await duckRows(
      `SELECT count(*)::INT AS n FROM read_json_auto('${ndjson}', format = 'newline_delimited')`,
    );
    expect(fromParquet).toEqual({ n: manifest.counts.images, ids: manifest.counts.images });
    expect(fromNdjson).toEqual({ n: manifest.counts.images });
  });

  it("never signs for the Lambda's own region: without S3_REGION it fails at start naming it, and Swift refuses any other region", async () => {
    const before = await h.keys();
    await expect(
      run("2026-11-22", { S3_REGION: "", AWS_REGION: "ap-northeast-2" }),
    ).rejects.toThrow(/S3_REGION/);
    await expect(run("2026-11-22", { S3_REGION: "ap-northeast-2" })).rejects.toThrow(
      /region 'ap-northeast-2' is wrong; expecting 'KR1'|AuthorizationHeaderMalformed/,
    );
    expect(await h.keys()).toEqual(before);
  });
});

/** Resolves once `condition()` holds, checked on each turn of the event loop's I/O. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
