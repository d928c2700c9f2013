// What the history routes do when the inventory is not what its manifests say: a corrupt, cut
// or missing object, an unreadable manifest, the first version's layout, a store that refuses
// or is slow, no inventory at all; and what a cold request reads.

import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { DeleteObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { Image } from "@nhn-images/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";
import {
  BUCKET,
  type InventoryHarness,
  PREFIX,
  startInventoryHarness,
} from "./inventory-harness.ts";

let h: InventoryHarness;
const saved = new Map<string, Uint8Array>();

beforeAll(async () => {
  h = await startInventoryHarness({ images: 150, seed: 5 });
}, 120_000);
afterAll(() => h?.close());
afterEach(async () => {
  // Put back what a case broke: each case starts from the snapshots as the export wrote them.
  for (const [key, body] of saved) {
    await h.direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  }
  saved.clear();
  h.proxy.clearFaults();
});

/**
 * Whole, valid gzip NDJSON of the same byte length as `good` whose rows differ (one `minRam`
 * changed; gzip level 1, as the export writes): only its sha256 tells it from the object the
 * manifest describes.
 */
function otherRowsOfSameLength(good: Uint8Array): Buffer {
  const text = gunzipSync(good).toString("utf8");
  for (const match of text.matchAll(/"minRam":(\d)/g)) {
    const at = (match.index as number) + '"minRam":'.length;
    for (const digit of "123456789") {
      if (digit === match[1]) continue;
      const other = gzipSync(`${text.slice(0, at)}${digit}${text.slice(at + 1)}`, { level: 1 });
      if (other.length === good.length) return other;
    }
  }
  throw new Error("no same-length variant found");
}

/** Replaces an object (kept to be put back after the case); null deletes it. */
async function replace(key: string, body: Uint8Array | string | null) {
  if (!saved.has(key)) saved.set(key, await h.bytes(key));
  await h.direct.send(
    body === null
      ? new DeleteObjectCommand({ Bucket: BUCKET, Key: key })
      : new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }),
  );
}

const images = (date: string) => `${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`;
const changes = (date: string) => `${PREFIX}ndjson/changes/dt=${date}/changes.ndjson.gz`;
const manifest = (date: string) => `${PREFIX}manifests/dt=${date}/manifest.json`;

/** A cold container's answer. */
async function ask(path: string, extraEnv: Record<string, string> = {}) {
  const { handle, logs } = h.handler(extraEnv);
  const response = await handle(httpApiEvent(path));
  return { response, body: JSON.parse(response.body || "null"), logs };
}

describe("an object that is not what its manifest says", () => {
  it("answers 502 naming the snapshot for a corrupt, a cut or a missing object, never rows", async () => {
    const good = await h.bytes(images("2026-10-03"));
    const flipped = Uint8Array.from(good);
    flipped[good.length >> 1] = (flipped[good.length >> 1] as number) ^ 0xff;
    for (const [what, body, reason] of [
      ["a flipped byte", flipped, /gzip|sha256|not JSON/],
      ["cut short", good.subarray(0, good.length >> 1), /has \d+ bytes; its manifest says/],
      [
        "other rows of the same length",
        otherRowsOfSameLength(good),
        /does not match its manifest's sha256/,
      ],
      ["gone", null, /is missing/],
    ] as const) {
      await replace(images("2026-10-03"), body);
      for (const path of ["/images?asOf=2026-10-04", "/images/x?asOf=2026-10-03"]) {
        const { response, body: problem } = await ask(path);
        expect(response.statusCode, `${what} ${path}`).toBe(502);
        expect(problem).toMatchObject({
          type: "urn:nhn-images:problem:snapshot-unreadable",
          snapshotDate: "2026-10-03",
          detail: expect.stringMatching(reason),
        });
        expect(problem.detail).toContain(images("2026-10-03"));
      }
      // The other days and the changes of that day do not need the broken object.
      expect((await ask("/images?asOf=2026-10-02")).response.statusCode).toBe(200);
      expect((await ask("/changes?since=2026-10-03&until=2026-10-03")).response.statusCode).toBe(
        200,
      );
    }
  });

  it("answers 502 for a broken change object on the routes that read it", async () => {
    await replace(changes("2026-10-02"), gzipSync('{"change":"added"}\n'));
    for (const path of ["/changes?since=2026-10-01&until=2026-10-05", "/images/x/history"]) {
      const { response, body } = await ask(path);
      expect(response.statusCode, path).toBe(502);
      expect(body.snapshotDate).toBe("2026-10-02");
    }
    expect((await ask("/changes")).response.statusCode).toBe(200);
  });

  it("walks over a manifest that cannot be read: /snapshots and history answer and name it, asOf of that day is a 502", async () => {
    await replace(manifest("2026-10-02"), "{ not json");
    const listed = await ask("/snapshots");
    expect(listed.response.statusCode).toBe(200);
    expect(listed.body.snapshots.map((s: { snapshotDate: string }) => s.snapshotDate)).toEqual([
      "2026-10-05",
      "2026-10-03",
      "2026-10-01",
    ]);
    expect(listed.body.skipped).toEqual([
      {
        snapshotDate: "2026-10-02",
        manifestKey: manifest("2026-10-02"),
        reason: "is not a manifest of schema version 1 or 2",
      },
    ]);
    const ndjson = await h.handler().handle(httpApiEvent("/snapshots?format=ndjson"));
    expect(ndjson.headers?.["x-skipped-snapshots"]).toBe("2026-10-02");
    expect(ndjson.body.trim().split("\n")).toHaveLength(3);
    const id = (h.held["2026-10-05"] as Image[])[0] as Image;
    const history = await ask(`/images/${id.id}/history?region=${id.region}`);
    expect(history.response.statusCode).toBe(200);
    expect(history.body.skipped.map((s: { snapshotDate: string }) => s.snapshotDate)).toEqual([
      "2026-10-02",
    ]);
    const asOf = await ask("/images?asOf=2026-10-02");
    expect(asOf.response.statusCode).toBe(502);
    expect(asOf.body).toMatchObject({
      snapshotDate: "2026-10-02",
      detail: expect.stringContaining(manifest("2026-10-02")),
    });
    expect((await ask("/images?asOf=2026-10-05&limit=1")).response.statusCode).toBe(200);
    expect((await ask("/images?asOf=2026-10-01&limit=1")).response.statusCode).toBe(200);
  });

  it("walks over a date whose manifest is gone (a killed re-run): every image's history is what the readable snapshots hold", async () => {
    await replace(manifest("2026-10-02"), null);
    const readable = ["2026-10-01", "2026-10-03", "2026-10-05"];
    const key = (image: { id: string; region: string }) => `${image.id} ${image.region}`;
    const byDate = readable.map(
      (date) => new Map((h.held[date] as Image[]).map((image) => [key(image), image])),
    );
    /** The history the readable snapshots tell, computed here from what each held. */
    const expected = (k: string) => {
      const changes: { snapshotDate: string; change: string }[] = [];
      readable.forEach((date, i) => {
        const now = byDate[i]?.get(k);
        const was = i === 0 ? undefined : byDate[i - 1]?.get(k);
        if (now !== undefined && was === undefined)
          changes.push({ snapshotDate: date, change: "added" });
        else if (now === undefined && was !== undefined)
          changes.push({ snapshotDate: date, change: "removed" });
        else if (now !== undefined && JSON.stringify(now) !== JSON.stringify(was))
          changes.push({ snapshotDate: date, change: "changed" });
      });
      const seenOn = readable.filter((_, i) => byDate[i]?.has(k));
      return {
        firstSeen: seenOn[0],
        lastSeen: seenOn.at(-1),
        present: byDate[2]?.has(k),
        changes: changes.reverse(),
      };
    };
    // The cases of the report: added before the gap and changed after it, and gone on the
    // missing day (held on 10-01, not on 10-03); then a sample of the rest.
    const all = [...new Set(byDate.flatMap((held) => [...held.keys()]))].sort();
    const goneOnTheMissingDay = all.filter((k) => byDate[0]?.has(k) && !byDate[1]?.has(k));
    const changedAfter = all.filter(
      (k) => byDate[0]?.has(k) && expected(k).changes.some((c) => c.change === "changed"),
    );
    expect(goneOnTheMissingDay.length).toBeGreaterThan(0);
    expect(changedAfter.length).toBeGreaterThan(0);
    const sample = [...goneOnTheMissingDay.slice(0, 5), ...changedAfter.slice(0, 5)];
    for (let i = 0; i < all.length; i += 17) sample.push(all[i] as string);
    const { handle } = h.handler();
    for (const k of sample) {
      const [id, region] = k.split(" ");
      const response = await handle(httpApiEvent(`/images/${id}/history?region=${region}`));
      expect(response.statusCode, k).toBe(200);
      const body = JSON.parse(response.body);
      expect(
        {
          firstSeen: body.firstSeen,
          lastSeen: body.lastSeen,
          present: body.present,
          changes: body.changes.map((c: { snapshotDate: string; change: string }) => ({
            snapshotDate: c.snapshotDate,
            change: c.change,
          })),
        },
        k,
      ).toEqual(expected(k));
      expect(body.skipped, k).toEqual([
        {
          snapshotDate: "2026-10-02",
          manifestKey: manifest("2026-10-02"),
          reason: "has no manifest; 2026-10-03 is diffed against it",
        },
      ]);
    }
  });

  it("one unreadable manifest of long ago, and one dated after today, fail nothing that does not need them", async () => {
    const oldKey = manifest("2001-01-01");
    const futureKey = manifest("2027-01-05");
    await h.direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: oldKey, Body: "garbage" }));
    const newest = await h.bytes(manifest("2026-10-05"));
    await h.direct.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: futureKey,
        Body: Buffer.from(newest).toString("utf8").replaceAll("2026-10-05", "2027-01-05"),
      }),
    );
    try {
      const listed = await ask("/snapshots");
      expect(listed.response.statusCode).toBe(200);
      expect(listed.body.snapshots[0].snapshotDate).toBe("2026-10-05");
      expect(listed.body.skipped).toEqual([
        {
          snapshotDate: "2027-01-05",
          manifestKey: futureKey,
          reason: expect.stringMatching(/^is dated after today/),
        },
        { snapshotDate: "2001-01-01", manifestKey: oldKey, reason: expect.any(String) },
      ]);
      // The newest snapshot is the newest of today or before: /changes defaults to it.
      const changesPage = await ask("/changes?limit=1");
      expect(changesPage.response.statusCode).toBe(200);
      expect(changesPage.body.changes[0]?.snapshotDate).toBe("2026-10-05");
      const id = (h.held["2026-10-05"] as Image[])[0] as Image;
      expect((await ask(`/images/${id.id}/history?region=${id.region}`)).response.statusCode).toBe(
        200,
      );
    } finally {
      await h.direct.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: oldKey }));
      await h.direct.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: futureKey }));
    }
  });

  it("does not read an object again once its rows were checked: a later change to it is not served", async () => {
    const { handle } = h.handler();
    const first = await handle(httpApiEvent("/images?asOf=2026-10-05&limit=3"));
    await replace(images("2026-10-05"), gzipSync("{}\n"));
    const again = await handle(httpApiEvent("/images?asOf=2026-10-05&limit=3"));
    expect(again.body).toBe(first.body);
  });
});

describe("what a request reads", () => {
  it("reads only the change objects of the window (and the manifests) for /changes, once per container", async () => {
    const { handle } = h.handler();
    const from = h.proxy.operations.length;
    const response = await handle(httpApiEvent("/changes?since=2026-10-02&until=2026-10-05"));
    expect(response.statusCode).toBe(200);
    const reads = h.proxy.operations
      .slice(from)
      .filter((o) => o.operation === "GetObject")
      .map((o) => o.key);
    expect(reads.filter((key) => !key.includes("/manifests/")).sort()).toEqual(
      ["2026-10-02", "2026-10-03", "2026-10-05"].map(changes),
    );
    const warm = h.proxy.operations.length;
    await handle(httpApiEvent("/changes?since=2026-10-02&until=2026-10-05&change=added"));
    expect(h.proxy.operations.slice(warm).filter((o) => o.operation === "GetObject")).toEqual([]);
  });
});

describe("the first version's layout", () => {
  it("answers asOf, /changes and /snapshots over a snapshot written by the first version", async () => {
    const prefix = "legacy/";
    const date = "2026-09-01";
    const held = (h.held["2026-10-01"] as Image[]).filter((i) => i.region === "KR1").slice(0, 12);
    const lines = held.map(({ visibility: _v, owner: _o, tags: _t, region: _r, ...old }) => old);
    const imagesBody = gzipSync(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    const changesBody = gzipSync(
      lines
        .map(
          (line) =>
            `${JSON.stringify({ change: "added", id: line.id, name: line.name, fields: {} })}\n`,
        )
        .join(""),
    );
    const summary = (key: string, body: Buffer, records: number) => ({
      key,
      records,
      bytes: body.length,
      sha256: createHash("sha256").update(body).digest("hex"),
    });
    const put = (key: string, body: Buffer | string) =>
      h.direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    await put(`${prefix}images/dt=${date}/images.ndjson.gz`, imagesBody);
    await put(`${prefix}changes/dt=${date}/changes.ndjson.gz`, changesBody);
    // The first version's manifest, field for field (its schema, schemaVersion 1).
    await put(
      `${prefix}manifests/dt=${date}/manifest.json`,
      JSON.stringify({
        schemaVersion: 1,
        snapshotDate: date,
        runId: "first-version-run",
        startedAt: "2026-09-01T15:00:00.000Z",
        finishedAt: "2026-09-01T15:00:03.000Z",
        source: { api: "v2", region: "KR1" },
        previousSnapshotDate: null,
        counts: {
          images: 12,
          byStatus: {},
          byDiskFormat: {},
          public: 0,
          private: 12,
          totalBytes: 0,
        },
        changes: { added: 12, removed: 0, changed: 0 },
        objects: [
          summary(`${prefix}images/dt=${date}/images.ndjson.gz`, imagesBody, 12),
          summary(`${prefix}changes/dt=${date}/changes.ndjson.gz`, changesBody, 12),
        ],
      }),
    );
    const env = { INVENTORY_PREFIX: prefix };
    const listed = (await ask(`/images?asOf=${date}&limit=100&sort=name`, env)).body;
    expect(listed.source).toMatchObject({ snapshotDate: date, regions: ["KR1"] });
    expect(listed.images).toHaveLength(12);
    for (const image of listed.images) {
      const original = held.find((i) => i.id === image.id) as Image;
      expect(image).toEqual({
        ...original,
        region: "KR1",
        visibility: original.isPublic ? "public" : "private",
        owner: null,
        tags: [],
      });
    }
    const changed = (await ask(`/changes?since=${date}&until=${date}`, env)).body;
    expect(changed.changes).toHaveLength(12);
    expect(changed.changes[0]).toMatchObject({
      snapshotDate: date,
      change: "added",
      region: "KR1",
    });
    expect((await ask("/snapshots", env)).body.snapshots[0].counts).not.toHaveProperty("byRegion");
  });
});

describe("a store that fails", () => {
  it("answers 502 without the store's secret when the keys are refused", async () => {
    const secret = "wrong-secret-Zq8f3kLm";
    const { response, body, logs } = await ask("/snapshots", { S3_SECRET_ACCESS_KEY: secret });
    expect(response.statusCode).toBe(502);
    expect(body).toMatchObject({
      type: "urn:nhn-images:problem:inventory-unreadable",
      detail: expect.stringMatching(/ListObjectsV2 .* failed \(.*HTTP 403\)/),
    });
    expect(JSON.stringify({ response, logs })).not.toContain(secret);
  });

  it("answers 504 before the invocation's deadline when the store is slow", async () => {
    h.proxy.addFault({
      operation: "GetObject",
      keyContains: "/ndjson/images/",
      kind: "latency",
      ms: 5_000,
    });
    const { handle } = h.handler();
    const response = await handle(httpApiEvent("/images?asOf=2026-10-05"), {
      getRemainingTimeInMillis: () => 1_500,
    });
    expect(response.statusCode).toBe(504);
    expect(json(response).type).toBe("urn:nhn-images:problem:inventory-timeout");
  });

  it("answers 501 naming INVENTORY_BUCKET when the deployment has none", async () => {
    const { handler } = handlerFor(h.sim, "v2");
    for (const path of ["/images?asOf=2026-10-01", "/snapshots", "/changes", "/images/x/history"]) {
      const response = await handler(httpApiEvent(path));
      expect(response.statusCode, path).toBe(501);
      expect(json(response).detail).toMatch(/INVENTORY_BUCKET is not set/);
    }
  });
});
