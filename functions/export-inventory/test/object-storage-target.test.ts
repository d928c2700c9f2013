// NHN Object Storage as the target: its own endpoint (path-style by default), requests signed for
// its region (KR1) with its own keys read once from SSM, never those of the Lambda's role, and
// the secret key in no log, error or object.
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, BUCKET, type Harness, PREFIX, startHarness } from "./harness.ts";

const NHN_KEY_ID = "nhn-s3-access-key";
const NHN_SECRET = "nhn-s3-secret-4f1e9c0d2b7a";
const PARAM = "/nhn-images/test/object-storage-keys";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ images: 120, s3AccessKeys: { [NHN_KEY_ID]: NHN_SECRET } });
});
afterAll(() => h.close());

/** The environment a deployed export pointed at NHN Object Storage has. */
function objectStorageEnv(): Record<string, string> {
  const local = h.env("v2");
  return {
    INVENTORY_BUCKET: BUCKET,
    S3_ENDPOINT: (local as Record<string, string>).S3_ENDPOINT as string,
    S3_REGION: "KR1",
    S3_CREDENTIALS_PARAM: PARAM,
    // Lambda's own: the role's keys and region must not sign requests to another store.
    AWS_REGION: "ap-northeast-2",
    AWS_ACCESS_KEY_ID: "ASIAROLEKEY",
    AWS_SECRET_ACCESS_KEY: "role-secret",
    // The local defaults this environment replaces.
    S3_ACCESS_KEY_ID: "",
    S3_SECRET_ACCESS_KEY: "",
    S3_FORCE_PATH_STYLE: "",
  };
}

describe("an export to NHN Object Storage", () => {
  const reads: string[] = [];
  const getSecureString = async (name: string) => {
    reads.push(name);
    return JSON.stringify({ accessKeyId: NHN_KEY_ID, secretAccessKey: NHN_SECRET });
  };

  it("signs every request for S3_REGION with the keys from S3_CREDENTIALS_PARAM, path-style", async () => {
    h.proxy.operations.length = 0;
    const handler = h.handler({
      env: objectStorageEnv(),
      getSecureString,
      now: at("2026-11-20T16:00:00Z"),
    });
    await handler({ date: "2026-11-19" });
    await handler({ date: "2026-11-20" });

    const manifest = await h.manifest("2026-11-20");
    await h.verifyManifest(manifest);
    expect(manifest.objects).toHaveLength(5);
    expect(h.proxy.operations.length).toBeGreaterThan(10);
    for (const { signedFor, key, payloadSigning } of h.proxy.operations) {
      expect(signedFor).toEqual({ accessKeyId: NHN_KEY_ID, region: "KR1", service: "s3" });
      // No aws-chunked bodies: NHN's own SDK example turns chunked encoding off.
      expect(payloadSigning ?? "").not.toMatch(/^STREAMING-/);
      // Path-style: the bucket is the path's first segment, so what follows is the object key.
      if (key !== "") expect(key.startsWith(PREFIX)).toBe(true);
    }
    // Read once per container, not per run.
    expect(reads).toEqual([PARAM]);
  });

  it("keeps the secret out of every log line, error and object, even when the store refuses it", async () => {
    const wrong = async () =>
      JSON.stringify({ accessKeyId: NHN_KEY_ID, secretAccessKey: `${NHN_SECRET}-rotated` });
    const failing = h.handler({
      env: objectStorageEnv(),
      getSecureString: wrong,
      now: at("2026-11-21T16:00:00Z"),
    });
    const error = (await failing({ date: "2026-11-21" }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    const thrown = `${error.name} ${error.message} ${error.stack ?? ""} ${JSON.stringify(error)}`;
    expect(thrown).not.toContain(NHN_SECRET);

    expect(JSON.stringify(h.logs)).not.toContain(NHN_SECRET);
    for (const key of await h.keys()) {
      const bytes = await h.bytes(key);
      const text = key.endsWith(".gz")
        ? gunzipSync(bytes).toString("utf8")
        : bytes.toString("latin1");
      expect(text, key).not.toContain(NHN_SECRET);
    }
  });

  it("names S3_CREDENTIALS_PARAM, never its value, when the parameter is not the keys' JSON", async () => {
    const handler = h.handler({
      env: objectStorageEnv(),
      getSecureString: async () => `not json ${NHN_SECRET}`,
      now: at("2026-11-22T16:00:00Z"),
    });
    const error = (await handler({ date: "2026-11-22" }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain("S3_CREDENTIALS_PARAM");
    expect(error.message).toContain(PARAM);
    expect(error.message).not.toContain(NHN_SECRET);
    expect(JSON.stringify(h.logs)).not.toContain(NHN_SECRET);
  });
});
