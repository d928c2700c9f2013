import type { Image } from "@nhn-images/core";
import type { ChangeRow, SnapshotRow } from "@nhn-images/inventory";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import {
  type EventBus,
  OPENSTACK_AVAILABLE,
  startEventBus,
  startS3,
  startSwiftS3,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasAnsi, ndjson, runCli, runCliOnTerminal } from "./cli-harness.ts";

// The store's own key (as NHN Object Storage's would be): no output may ever hold its secret.
const STORE_KEY = { id: "AKIACLIINVENTORY", secret: "cli-store-secret-sentinel-41d2" };
const AWS_SECRET = "cli-aws-secret-sentinel-93be";
/** Swift's tempauth names a key account:user. */
const SWIFT_STORE_KEY_ID = "cli:inventory";
/** The stores the commands read and write: S3's behaviour (s3rver), and Swift's S3 API. */
const STORES = OPENSTACK_AVAILABLE ? (["s3rver", "swift"] as const) : (["s3rver"] as const);
const DATES = ["2026-10-01", "2026-10-02", "2026-10-03"] as const;

describe.each(STORES)("on %s", (store) => {
  let sim: Simulator;
  let s3: { env(): Record<string, string>; close(): Promise<void> };
  let bus: EventBus;
  let env: Record<string, string>;
  /** What the simulator served on each simulated day (the day each date is exported at). */
  const servedOn = new Map<string, Image[]>();
  const exports = new Map<string, { code: number; stdout: string; stderr: string }>();

  beforeAll(async () => {
    sim = await startSimulator({ images: 200, seed: 21 });
    s3 =
      store === "swift"
        ? await startSwiftS3("cli-inventory", {
            key: { accessKeyId: SWIFT_STORE_KEY_ID, secretAccessKey: STORE_KEY.secret },
          })
        : await startS3("cli-inventory", { accessKeys: { [STORE_KEY.id]: STORE_KEY.secret } });
    bus = await startEventBus({ accessKeys: { AKIACLIEVENTS: AWS_SECRET } });
    env = {
      ...sim.env("v2"),
      NHN_REGION: "KR1,JP1",
      ...s3.env(),
      S3_ACCESS_KEY_ID: store === "swift" ? SWIFT_STORE_KEY_ID : STORE_KEY.id,
      S3_SECRET_ACCESS_KEY: STORE_KEY.secret,
      ...bus.env(),
      AWS_ACCESS_KEY_ID: "AKIACLIEVENTS",
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      AWS_REGION: "us-east-1",
    };
    for (const [day, date] of DATES.entries()) {
      sim.setDay(day);
      servedOn.set(date, [...sim.listable({ region: "KR1" }), ...sim.listable({ region: "JP1" })]);
      exports.set(date, await runCli(["export", "--date", date], env));
    }
  }, 120_000);
  afterAll(async () => {
    await sim.close();
    await s3.close();
    await bus.close();
  });

  const key = (i: { region: string; id: string }) => `${i.region}/${i.id}`;
  const served = (date: string) => servedOn.get(date) ?? [];

  function expectNoSecret(...texts: string[]) {
    for (const text of texts) {
      expect(text).not.toContain(STORE_KEY.secret);
      expect(text).not.toContain(AWS_SECRET);
      expect(text).not.toContain(env.NHN_API_PASSWORD);
    }
  }

  /** The changes from one day's images to another's, computed here from what was served. */
  function changesBetween(from: string, to: string) {
    const before = new Map(served(from).map((i) => [key(i), i]));
    const after = new Map(served(to).map((i) => [key(i), i]));
    const canonical = (i: Image) =>
      JSON.stringify({ ...i, properties: Object.entries(i.properties).sort() });
    return {
      added: [...after.keys()].filter((k) => !before.has(k)).sort(),
      removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
      changed: [...after.entries()]
        .filter(([k, i]) => before.has(k) && canonical(before.get(k) as Image) !== canonical(i))
        .map(([k]) => k)
        .sort(),
    };
  }

  function byKind(rows: readonly { change: string; id: string; region: string }[]) {
    const of = (kind: string) =>
      rows
        .filter((r) => r.change === kind)
        .map(key)
        .sort();
    return { added: of("added"), removed: of("removed"), changed: of("changed") };
  }

  describe("nhn-images export", () => {
    it("writes each day's snapshot and prints its result as JSON; progress lines on stderr when piped", () => {
      for (const date of DATES) {
        const run = exports.get(date);
        expect(run?.code).toBe(0);
        const result = JSON.parse(run?.stdout ?? "") as {
          snapshotDate: string;
          images: number;
          events: { published: number };
        };
        expect(result.snapshotDate).toBe(date);
        expect(result.images).toBe(served(date).length);
        expect(result.events.published).toBeGreaterThan(0);
        expect(run?.stderr).toMatch(new RegExp(`^Exporting ${date}`, "m"));
        expect(run?.stderr).toMatch(/images listed, \d+ pages, [\d.]+ [KM]?B stored/);
        expect(run?.stderr).toMatch(
          new RegExp(`^Exported ${result.images} images for ${date}`, "m"),
        );
        expect(hasAnsi(run?.stdout ?? "") || hasAnsi(run?.stderr ?? "")).toBe(false);
        expectNoSecret(run?.stdout ?? "", run?.stderr ?? "");
      }
      expect(exports.get(DATES[0])?.stderr).toContain("(the first snapshot)");
      expect(exports.get(DATES[1])?.stderr).toContain(
        `(previous snapshot ${DATES[0]}: ${served(DATES[0]).length} images)`,
      );
      // The change events went to the bus, signed with the AWS key given.
      expect(
        bus.events().filter((e) => e["detail-type"] === "Inventory Snapshot Completed"),
      ).toHaveLength(3);
    });

    it("draws a progress bar with an ETA on a terminal, once the previous count is known", async () => {
      sim.setDay(3);
      const run = await runCliOnTerminal(["export", "--date", "2026-10-04"], env, 120);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /2026-10-04 .*\d+% \| \d+ images \| \d+ pages \| [\d.]+ [KM]?B stored \| ETA/,
      );
      expect(run.stdout).toContain("\u001b[?25l"); // the cursor hidden while it draws
      expect(run.stdout).toMatch(/"snapshotDate": "2026-10-04"/);
      expectNoSecret(run.stdout);
    });
  });

  describe("reading the inventory", () => {
    it("snapshots: newest first, with their counts (no NHN Cloud settings needed)", async () => {
      const storeOnly = {
        ...s3.env(),
        S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID as string,
        S3_SECRET_ACCESS_KEY: STORE_KEY.secret,
      };
      const run = await runCli(["snapshots", "-o", "ndjson"], storeOnly);
      expect(run.code).toBe(0);
      const rows = ndjson(run.stdout) as SnapshotRow[];
      expect(rows.map((r) => r.snapshotDate)).toEqual(["2026-10-04", ...[...DATES].reverse()]);
      for (const date of DATES) {
        expect(rows.find((r) => r.snapshotDate === date)?.counts.images).toBe(served(date).length);
      }
      const table = await runCli(["snapshots", "-o", "table"], { ...env, COLUMNS: "80" });
      expect(table.stdout.split("\n")[0]).toMatch(/^DATE\s+IMAGES\s+PUBLIC/);
    });

    it("changes over a window: every day's changes as computed from what was served", async () => {
      const run = await runCli(
        ["changes", "--since", DATES[1], "--until", DATES[2], "-o", "ndjson"],
        env,
      );
      expect(run.code).toBe(0);
      const rows = ndjson(run.stdout) as ChangeRow[];
      for (const [from, to] of [
        [DATES[0], DATES[1]],
        [DATES[1], DATES[2]],
      ] as const) {
        expect(byKind(rows.filter((r) => r.snapshotDate === to))).toEqual(changesBetween(from, to));
      }
      const removedOnly = await runCli(
        [
          "changes",
          "--since",
          DATES[1],
          "--until",
          DATES[2],
          "--change",
          "removed",
          "-o",
          "ndjson",
        ],
        env,
      );
      expect((ndjson(removedOnly.stdout) as ChangeRow[]).every((r) => r.change === "removed")).toBe(
        true,
      );
    });

    it("diff between any two snapshots, not only neighbours", async () => {
      const run = await runCli(["diff", DATES[0], DATES[2], "-o", "ndjson"], env);
      expect(run.code).toBe(0);
      const expected = changesBetween(DATES[0], DATES[2]);
      expect(byKind(ndjson(run.stdout) as ChangeRow[])).toEqual(expected);
      expect(
        expected.added.length * expected.removed.length * expected.changed.length,
      ).toBeGreaterThan(0);
      expect(run.stderr).toContain(
        `From ${DATES[0]} to ${DATES[2]}: ${expected.added.length} added, ${expected.removed.length} removed, ${expected.changed.length} changed.`,
      );
      const csv = await runCli(["diff", DATES[0], DATES[2], "-o", "csv"], env);
      expect(csv.stdout.split("\r\n")[0]).toBe("change,id,region,name,fields");
    });

    it("history of an image: one JSON document with its changes, newest first", async () => {
      const changed = changesBetween(DATES[0], DATES[1]).changed[0] as string;
      const [region, id] = changed.split("/") as [string, string];
      const run = await runCli(["history", id, "--region", region], env);
      expect(run.code).toBe(0);
      const history = JSON.parse(run.stdout) as {
        id: string;
        region: string;
        firstSeen: string;
        changes: { snapshotDate: string; change: string }[];
      };
      expect(history).toMatchObject({ id, region, firstSeen: DATES[0] });
      expect(history.changes.map((c) => c.snapshotDate)).toEqual(
        [...history.changes.map((c) => c.snapshotDate)].sort().reverse(),
      );
      expect(history.changes.at(-1)).toMatchObject({ snapshotDate: DATES[0], change: "added" });
      expect(
        history.changes.some((c) => c.snapshotDate === DATES[1] && c.change === "changed"),
      ).toBe(true);
    });

    it("images --as-of a day: that day's snapshot, with the same filters", async () => {
      const run = await runCli(
        ["images", "--as-of", DATES[1], "--visibility", "private", "-o", "ndjson"],
        env,
      );
      expect(run.code).toBe(0);
      expect((ndjson(run.stdout) as Image[]).map(key).sort()).toEqual(
        served(DATES[1])
          .filter((i) => i.visibility === "private")
          .map(key)
          .sort(),
      );
      expect(run.stderr).toContain(`As of the snapshot of ${DATES[1]}`);
      const image = served(DATES[1])[0] as Image;
      const one = await runCli(
        ["image", image.id, "--region", image.region, "--as-of", DATES[1]],
        env,
      );
      expect(JSON.parse(one.stdout)).toEqual(image);
    });

    it("a date before the first snapshot, or one without a snapshot, exits 1 saying so", async () => {
      const early = await runCli(["images", "--as-of", "2026-09-01"], env);
      expect(early.code).toBe(1);
      expect(early.stderr.trim()).toBe(
        `nhn-images: No snapshot is dated on or before 2026-09-01: the oldest is of ${DATES[0]}`,
      );
      const gap = await runCli(["diff", "2026-09-30", DATES[1]], env);
      expect(gap.code).toBe(1);
      expect(gap.stderr.trim()).toBe("nhn-images: No snapshot is dated 2026-09-30");
      const unknown = await runCli(["history", "0f0f0f0f-0000-4000-8000-000000000000"], env);
      expect(unknown.code).toBe(1);
    });

    it("without INVENTORY_BUCKET (and no pnpm dev running), exits 2 naming it", async () => {
      const { INVENTORY_BUCKET: _bucket, ...withoutBucket } = env;
      const run = await runCli(["snapshots"], withoutBucket);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^nhn-images: INVENTORY_BUCKET is required/);
    });

    it("a store that refuses the key: exit 1, one line, no secret", async () => {
      // s3rver refuses a key it does not know; Swift's s3api says the signature does not match
      // (tempauth has no such user).
      const run = await runCli(["snapshots"], { ...env, S3_ACCESS_KEY_ID: "AKIAUNKNOWN" });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        store === "swift"
          ? /^nhn-images: The inventory could not be read: .*SignatureDoesNotMatch, HTTP 403/
          : /^nhn-images: The inventory could not be read: .*InvalidAccessKeyId/,
      );
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expectNoSecret(run.stdout, run.stderr);
    });
  });
});
