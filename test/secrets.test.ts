import { gunzipSync } from "node:zlib";
import { Logger } from "@aws-lambda-powertools/logger";
import { createExportHandler } from "@nhn-images/inventory/export";
import { createPlanLifecycleHandler } from "@nhn-images/lifecycle";
import { DEMO_CREDENTIALS, DEMO_PROJECT, type Fault, startSimulator } from "@nhn-images/simulator";
import { s3rverClient, startEventBus, startS3, startS3Proxy } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createListImagesHandler } from "../functions/list-images/src/handler.ts";

const PASSWORD = "S3NT1NEL-password-7f3a9c";
const POLICY = `version: 1
rules: [{ name: all, select: {}, keepNewest: 1, minAgeDays: 0, unusedForDays: 1, graceDays: 0 }]`;
const TOKEN = "S3NT1NEL-token-91bc04";
/** The object store's secret key (NHN Object Storage's, or a local server's). */
const S3_SECRET = "S3NT1NEL-s3-secret-5d2e81";
/** The function's own AWS secret (its role's), which signs the change events. */
const AWS_SECRET = "S3NT1NEL-aws-secret-a1b7e3";

/** Everything the code printed, answered, threw or stored during the test. */
const seen: string[] = [];
const record = (value: unknown) => {
  if (typeof value === "string") seen.push(value);
  else if (value instanceof Error)
    seen.push(
      `${value.name} ${value.message} ${value.stack} ${JSON.stringify(value)} ${String(value.cause)}`,
    );
  else seen.push(JSON.stringify(value) ?? String(value));
};

const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

const sim = await startSimulator({
  images: 60,
  credentials: { password: PASSWORD, secretAccessKey: PASSWORD },
  staticTokens: [TOKEN],
});
const s3 = await startS3("secrets", { accessKeys: { "S3NT1NEL-s3-key": S3_SECRET } });
/** The store's settings, signed with the sentinel secret. */
const store = () => ({
  ...s3.env(proxy.url),
  S3_ACCESS_KEY_ID: "S3NT1NEL-s3-key",
  S3_SECRET_ACCESS_KEY: S3_SECRET,
});
const proxy = await startS3Proxy(s3.url);
const bus = await startEventBus({ accessKeys: { "S3NT1NEL-aws-key": AWS_SECRET } });
/** The export's change events, to a bus that checks they are signed with the sentinel secret. */
const events = () => ({
  ...bus.env(),
  AWS_ACCESS_KEY_ID: "S3NT1NEL-aws-key",
  AWS_SECRET_ACCESS_KEY: AWS_SECRET,
});

beforeAll(() => {
  // Captures (and keeps out of the test report) Powertools' output too: its Console writes
  // through these streams.
  const capture = ((chunk: unknown) => {
    seen.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
});
afterAll(async () => {
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  await bus.close();
  await proxy.close();
  await s3.close();
  await sim.close();
});

const upstream = (version: "v1" | "v2") => ({
  NHN_API_VERSION: version,
  NHN_APPKEY: DEMO_CREDENTIALS.appkey,
  NHN_TENANT_ID: DEMO_PROJECT.id,
  NHN_USERNAME: version === "v1" ? DEMO_CREDENTIALS.accessKeyId : DEMO_CREDENTIALS.username,
  NHN_COMPUTE_URL: sim.url,
  NHN_IMAGE_URL: sim.url,
  NHN_IDENTITY_URL: `${sim.url}/v2.0`,
  NHN_TIMEOUT_MS: "200",
  NHN_MAX_RETRIES: "1",
  POWERTOOLS_LOG_LEVEL: "DEBUG",
});
const CREDENTIALS = [
  { NHN_API_PASSWORD: PASSWORD },
  { NHN_AUTH_TOKEN: TOKEN },
  { NHN_API_PASSWORD: `${PASSWORD}-wrong` },
];
const FAULTS: (Fault | null)[] = [
  null,
  { kind: "latency", ms: 1000 },
  { kind: "status", status: 500 },
  { kind: "rate-limit", retryAfter: "1" },
  { kind: "v1-failure", resultCode: -3, resultMessage: "permission denied" },
  { kind: "v1-failure", resultCode: -4, resultMessage: "invalid parameters" },
  { kind: "malformed-json" },
  { kind: "truncated-body" },
  { kind: "expired-token" },
];

describe("secrets", () => {
  it("never appear in logs, responses, errors or stored objects, on any path", async () => {
    let requests = 0;
    for (const version of ["v1", "v2"] as const) {
      for (const credentials of CREDENTIALS) {
        for (const fault of FAULTS) {
          sim.faults.clear();
          if (fault !== null)
            sim.faults.add({ fault, routes: ["v1-images", "v2-images"], times: 2 });
          const env = {
            ...upstream(version),
            ...credentials,
            ...store(),
            ...events(),
            IMAGES_CACHE_TTL_S: "0",
          };
          const logger = new Logger({ serviceName: "secrets-test", logLevel: "DEBUG" });
          const list = createListImagesHandler({
            env,
            logger,
            getSecureString: async () => PASSWORD,
            sleep: async () => {},
          });
          for (const path of [
            "/images?limit=3&status=active",
            "/images/no-such-id",
            "/images?bogus=1",
            "/openapi.json",
            "/images?asOf=2026-11-20&limit=3",
            "/snapshots",
            "/changes?change=changed",
            "/images/no-such-id/history",
          ]) {
            const [rawPath = "", rawQueryString = ""] = path.split("?");
            const response = await list({
              version: "2.0",
              routeKey: rawPath.endsWith("/history")
                ? "GET /images/{id}/history"
                : rawPath.startsWith("/images/")
                  ? "GET /images/{id}"
                  : `GET ${rawPath}`,
              rawPath,
              rawQueryString,
              headers: { authorization: "AWS4-HMAC-SHA256 not-a-secret-of-ours" },
              pathParameters: rawPath.startsWith("/images/") ? { id: "no-such-id" } : undefined,
              requestContext: { requestId: `r${requests++}`, http: { method: "GET" } },
            });
            record(response);
          }
          const exporter = createExportHandler({
            env,
            logger,
            metrics: { addMetric: (...args) => record(args), publishStoredMetrics: () => {} },
            getSecureString: async () => PASSWORD,
            sleep: async () => {},
          });
          try {
            record(await exporter({ date: "2026-11-20" }));
          } catch (error) {
            record(error);
          }
          // The lifecycle function: a plan (written to the bucket) and its apply.
          const lifecycle = createPlanLifecycleHandler({
            env: { ...env, NHN_USAGE: "true", LIFECYCLE_POLICY: POLICY, LIFECYCLE_APPLY: "true" },
            logger,
            getSecureString: async () => PASSWORD,
            sleep: async () => {},
          });
          try {
            record(await lifecycle());
          } catch (error) {
            record(error);
          }
        }
      }
    }
    // Everything stored in S3, decompressed.
    const { ListObjectsV2Command, GetObjectCommand } = await import("@aws-sdk/client-s3");
    const client = s3rverClient(s3.url);
    const listing = await client.send(new ListObjectsV2Command({ Bucket: "secrets" }));
    expect(listing.Contents?.length ?? 0).toBeGreaterThan(4);
    for (const object of listing.Contents ?? []) {
      const body = await client.send(new GetObjectCommand({ Bucket: "secrets", Key: object.Key }));
      const bytes = Buffer.from(
        await (body.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      record(
        object.Key?.endsWith(".gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8"),
      );
    }
    client.destroy();

    // Everything put on the bus, as it arrived and as a rule's target would receive it.
    record(bus.calls());
    record(bus.events());
    expect(bus.events().some((e) => e["detail-type"] === "Inventory Snapshot Completed")).toBe(
      true,
    );

    const everything = seen.join("\n");
    expect(everything.length).toBeGreaterThan(100_000);
    expect(everything).toContain("Request served");
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(S3_SECRET);
    expect(everything).not.toContain(AWS_SECRET);
    // The history routes answered from the snapshots the export wrote, not only problems.
    expect(everything).toContain('"snapshotDate":"2026-11-20"');
    // The lifecycle planned (a plan in the bucket), not only failed.
    expect(listing.Contents?.some((object) => object.Key?.includes("lifecycle/plans/"))).toBe(true);
  }, 120_000);
});
