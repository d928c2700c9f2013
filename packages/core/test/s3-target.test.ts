import { inspect } from "node:util";
import {
  ConfigError,
  loadConfig,
  loadInventoryConfig,
  resolveS3Credentials,
} from "@nhn-images/core";
import { nhnFixture } from "@nhn-images/test-support";
import { describe, expect, it } from "vitest";

const minimal = { NHN_TENANT_ID: "t", NHN_USERNAME: "u@example.com", NHN_API_PASSWORD: "p" };
const SECRET = "s3-secret-9a8b7c";

const issuesOf = (env: Record<string, string>) => {
  try {
    loadConfig({ ...minimal, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("the inventory's S3 target", () => {
  it("is AWS S3 with the SDK's credentials and the Lambda's region by default", () => {
    expect(loadConfig(minimal).inventory.s3).toEqual({
      endpoint: null,
      forcePathStyle: false,
      region: "us-east-1",
      credentials: null,
    });
    expect(loadConfig({ ...minimal, AWS_REGION: "ap-northeast-2" }).inventory.s3.region).toBe(
      "ap-northeast-2",
    );
  });

  it("addresses an S3-compatible endpoint path-style unless told otherwise", () => {
    const endpoint = "https://kr1-api-object-storage.nhncloudservice.com";
    expect(loadConfig({ ...minimal, S3_ENDPOINT: endpoint }).inventory.s3).toMatchObject({
      endpoint,
      forcePathStyle: true,
    });
    expect(
      loadConfig({ ...minimal, S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: "false" }).inventory.s3
        .forcePathStyle,
    ).toBe(false);
  });

  it("signs an NHN host for its documented region, and asks for S3_REGION with any other endpoint, never taking the Lambda's region", () => {
    const lambda = { ...minimal, AWS_REGION: "ap-northeast-2" };
    for (const region of ["KR1", "KR2", "KR3", "JP1"]) {
      const endpoint = `https://${region.toLowerCase()}-api-object-storage.nhncloudservice.com`;
      expect(loadConfig({ ...lambda, S3_ENDPOINT: endpoint }).inventory.s3.region).toBe(region);
    }
    const swift = { ...lambda, S3_ENDPOINT: "http://127.0.0.1:8080" };
    expect(issuesOf(swift)).toEqual([
      { param: "S3_REGION", message: expect.stringContaining("is required with an S3_ENDPOINT") },
    ]);
    expect(loadConfig({ ...swift, S3_REGION: "KR1" }).inventory.s3.region).toBe("KR1");
    expect(() => loadInventoryConfig({ ...swift, INVENTORY_BUCKET: "b" })).toThrow(/S3_REGION/);
  });

  it("signs for S3_REGION over the Lambda's own region", () => {
    const config = loadConfig({ ...minimal, S3_REGION: "KR1", AWS_REGION: "ap-northeast-2" });
    expect(config.inventory.s3.region).toBe("KR1");
    expect(issuesOf({ S3_REGION: "KR 1" })).toEqual([
      { param: "S3_REGION", message: "must be a region name such as KR1 or eu-west-1" },
    ]);
  });

  it("takes the store's keys from the environment, both or neither, and never with the SSM parameter", () => {
    const config = loadConfig({ ...minimal, S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: SECRET });
    const credentials = config.inventory.s3.credentials as {
      secretAccessKey: { reveal(): string };
    };
    expect(credentials.secretAccessKey.reveal()).toBe(SECRET);
    expect(`${inspect(config, { depth: 9 })} ${JSON.stringify(config)}`).not.toContain(SECRET);

    expect(issuesOf({ S3_SECRET_ACCESS_KEY: SECRET })).toEqual([
      { param: "S3_ACCESS_KEY_ID", message: "is required with S3_SECRET_ACCESS_KEY" },
    ]);
    expect(issuesOf({ S3_ACCESS_KEY_ID: "id" })).toEqual([
      { param: "S3_SECRET_ACCESS_KEY", message: "is required with S3_ACCESS_KEY_ID" },
    ]);
    expect(
      issuesOf({
        S3_ACCESS_KEY_ID: "id",
        S3_SECRET_ACCESS_KEY: SECRET,
        S3_CREDENTIALS_PARAM: "/p",
      }),
    ).toMatchObject([{ param: "S3_CREDENTIALS_PARAM" }]);
    const malformed = issuesOf({ S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: `${SECRET} x` });
    expect(malformed).toMatchObject([{ param: "S3_SECRET_ACCESS_KEY" }]);
    expect(JSON.stringify(malformed)).not.toContain(SECRET);
  });

  it("reads the keys of S3_CREDENTIALS_PARAM once, and names the parameter when it cannot", async () => {
    const config = loadConfig({ ...minimal, S3_CREDENTIALS_PARAM: "/nhn-images/s3" });
    expect(config.inventory.s3.credentials).toEqual({ ssmParameter: "/nhn-images/s3" });
    const names: string[] = [];
    const resolved = await resolveS3Credentials(config, async (name) => {
      names.push(name);
      return JSON.stringify({ accessKeyId: "id", secretAccessKey: SECRET });
    });
    expect(names).toEqual(["/nhn-images/s3"]);
    const credentials = resolved.inventory.s3.credentials as {
      accessKeyId: string;
      secretAccessKey: { reveal(): string };
    };
    expect(credentials.accessKeyId).toBe("id");
    expect(credentials.secretAccessKey.reveal()).toBe(SECRET);

    for (const stored of [SECRET, JSON.stringify({ accessKeyId: "id", secret: SECRET }), "{}"]) {
      const error = await resolveS3Credentials(config, async () => stored).catch((e) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain("S3_CREDENTIALS_PARAM");
      expect(error.message).not.toContain(SECRET);
    }
    const unreadable = await resolveS3Credentials(config, async () => {
      throw Object.assign(new Error(`denied ${SECRET}`), { name: "AccessDeniedException" });
    }).catch((e) => e);
    expect(unreadable.message).toMatch(
      /S3_CREDENTIALS_PARAM.*\/nhn-images\/s3.*AccessDeniedException/,
    );
    expect(unreadable.message).not.toContain(SECRET);
  });

  it("takes NHN's issued S3 credential as its API answers it, whole or its credential object", async () => {
    const issued = nhnFixture<{ credential: { access: string; secret: string } }>(
      "storage-object-storage.s3-api-guide.issue-credential",
    );
    const config = loadConfig({ ...minimal, S3_CREDENTIALS_PARAM: "/nhn-images/s3" });
    for (const stored of [issued, issued.credential]) {
      const resolved = await resolveS3Credentials(config, async () => JSON.stringify(stored));
      const credentials = resolved.inventory.s3.credentials as {
        accessKeyId: string;
        secretAccessKey: { reveal(): string };
      };
      expect(credentials.accessKeyId).toBe(issued.credential.access);
      expect(credentials.secretAccessKey.reveal()).toBe(issued.credential.secret);
    }
  });

  it("accepts every region and endpoint NHN's S3 guide lists, path-style by default", () => {
    const documented = nhnFixture<{ regions: Record<string, string> }>(
      "storage-object-storage.s3-api-guide.sdk-parameters",
    );
    for (const [region, endpoint] of Object.entries(documented.regions)) {
      expect(
        loadConfig({ ...minimal, S3_ENDPOINT: endpoint, S3_REGION: region }).inventory.s3,
      ).toMatchObject({ endpoint, region, forcePathStyle: true });
    }
  });
});
