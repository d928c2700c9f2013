import { inspect } from "node:util";
import { ConfigError, loadConfig } from "@nhn-images/core";
import { describe, expect, it } from "vitest";

const minimal = { NHN_TENANT_ID: "t", NHN_USERNAME: "u@example.com", NHN_API_PASSWORD: "p" };
const minimalV1 = {
  NHN_API_VERSION: "v1",
  NHN_APPKEY: "k",
  NHN_USERNAME: "access-key-id",
  NHN_API_PASSWORD: "secret-access-key",
};

const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("loadConfig", () => {
  it("fills DESIGN.md's defaults: v2, KR1, the catalog's image endpoint", () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      apiVersion: "v2",
      regions: ["KR1"],
      projects: ["t"],
      computeUrl: "https://api-compute.cloud.toast.com/compute",
      imageUrl: null,
      identityUrl: "https://api-identity-infrastructure.nhncloudservice.com/v2.0",
      timeoutMs: 10000,
      maxRetries: 2,
      maxPages: 5000,
      cacheTtlS: 60,
      inventory: {
        bucket: null,
        prefix: "nhn-images/",
        s3: { endpoint: null, forcePathStyle: false, region: "us-east-1", credentials: null },
        maxDropPct: 50,
      },
      events: { busName: null, maxChanges: 100, endpoint: null },
    });
  });

  it("reads the change events' bus (a name or an ARN), their cap and endpoint", () => {
    const arn = "arn:aws:events:ap-northeast-2:123456789012:event-bus/ops";
    expect(
      loadConfig({
        ...minimal,
        EVENT_BUS_NAME: arn,
        EVENT_MAX_CHANGES: "0",
        EVENTBRIDGE_ENDPOINT: "http://127.0.0.1:4010/",
      }).events,
    ).toEqual({ busName: arn, maxChanges: 0, endpoint: "http://127.0.0.1:4010" });
    expect(
      loadConfig({ ...minimal, EVENT_BUS_NAME: "aws.partner/acme.com/1/ops" }).events.busName,
    ).toBe("aws.partner/acme.com/1/ops");
    // Empty means no events, as serverless.yml's empty stage parameter does.
    expect(loadConfig({ ...minimal, EVENT_BUS_NAME: "" }).events.busName).toBeNull();
    const bad = configError({
      ...minimal,
      EVENT_BUS_NAME: "ops bus",
      EVENT_MAX_CHANGES: "-1",
      EVENTBRIDGE_ENDPOINT: "events.local",
    });
    expect(bad.issues.map((issue) => issue.param).sort()).toEqual([
      "EVENTBRIDGE_ENDPOINT",
      "EVENT_BUS_NAME",
      "EVENT_MAX_CHANGES",
    ]);
    expect(bad.message).toContain("EVENT_MAX_CHANGES: must be at least 0");
  });

  it("reads one region, a comma list in any case, or all", () => {
    expect(loadConfig({ ...minimal, NHN_REGION: "jp1" }).regions).toEqual(["JP1"]);
    expect(loadConfig({ ...minimal, NHN_REGION: " kr2, KR1 ,kr2" }).regions).toEqual([
      "KR2",
      "KR1",
    ]);
    expect(loadConfig({ ...minimal, NHN_REGION: "ALL" }).regions).toEqual([
      "KR1",
      "KR2",
      "KR3",
      "JP1",
    ]);
    expect(configError({ ...minimal, NHN_REGION: "KR1,US1" }).issues[0]?.param).toBe("NHN_REGION");
  });

  it("reads a comma list of projects, each once", () => {
    expect(loadConfig({ ...minimal, NHN_TENANT_ID: "a, b,a" }).projects).toEqual(["a", "b"]);
    expect(configError({ ...minimal, NHN_TENANT_ID: "a,,b" }).issues[0]?.param).toBe(
      "NHN_TENANT_ID",
    );
  });

  it("refuses v1 outside KR1: NHN documents the v1 API for Korea only", () => {
    expect(loadConfig(minimalV1).regions).toEqual(["KR1"]);
    const error = configError({ ...minimalV1, NHN_REGION: "JP1" });
    expect(error.issues).toEqual([
      { param: "NHN_REGION", message: expect.stringContaining("v1 API for Korea only") },
    ]);
  });

  it("takes NHN_IMAGE_URL only with a single region", () => {
    expect(loadConfig({ ...minimal, NHN_IMAGE_URL: "https://glance.example/" }).imageUrl).toBe(
      "https://glance.example",
    );
    expect(
      configError({ ...minimal, NHN_REGION: "all", NHN_IMAGE_URL: "https://glance.example" })
        .issues,
    ).toEqual([{ param: "NHN_IMAGE_URL", message: expect.stringContaining("single NHN_REGION") }]);
  });

  it("refuses several projects with a ready token, which is scoped to one", () => {
    expect(
      configError({ NHN_AUTH_TOKEN: "t", NHN_TENANT_ID: "a,b" }).issues.map((i) => i.param),
    ).toEqual(["NHN_TENANT_ID"]);
  });

  it("names each malformed variable in one error", () => {
    const error = configError({
      ...minimal,
      NHN_API_VERSION: "v3",
      NHN_TIMEOUT_MS: "soon",
      NHN_REGION: "US1",
      S3_FORCE_PATH_STYLE: "yes",
      NHN_COMPUTE_URL: "ftp://x",
    });
    expect(error.issues.map((i) => i.param).sort()).toEqual([
      "NHN_API_VERSION",
      "NHN_COMPUTE_URL",
      "NHN_REGION",
      "NHN_TIMEOUT_MS",
      "S3_FORCE_PATH_STYLE",
    ]);
    expect(error.message).toContain("NHN_TIMEOUT_MS");
  });

  it("requires the appkey for v1 and the tenant for v2 password logins", () => {
    expect(
      configError({ NHN_API_VERSION: "v1", NHN_USERNAME: "u", NHN_API_PASSWORD: "p" }).issues[0]
        ?.param,
    ).toBe("NHN_APPKEY");
    expect(
      configError({ NHN_USERNAME: "u", NHN_API_PASSWORD: "p" }).issues.map((i) => i.param),
    ).toEqual(["NHN_TENANT_ID"]);
  });

  it("names the credential each API wants: v1 the User Access Key, v2 the NHN Cloud ID", () => {
    const v1 = configError({ NHN_API_VERSION: "v1", NHN_APPKEY: "k" });
    expect(v1.message).toContain("User Access Key ID");
    expect(v1.message).toContain("Secret Access Key");
    const v2 = configError({ NHN_TENANT_ID: "t" });
    expect(v2.message).toContain("NHN Cloud ID");
    expect(v2.message).toContain("API password");
  });

  it("accepts a ready token instead of a login", () => {
    const config = loadConfig({ NHN_API_VERSION: "v2", NHN_AUTH_TOKEN: "t" });
    expect(config.credentials.kind).toBe("token");
  });

  it("takes the password's SSM parameter name when no password is given", () => {
    const config = loadConfig({
      ...minimal,
      NHN_API_PASSWORD: "",
      NHN_API_PASSWORD_PARAM: "/nhn/pw",
    });
    expect(config.credentials).toMatchObject({ password: { ssmParameter: "/nhn/pw" } });
  });

  it("never prints a secret, whichever way the config is shown", () => {
    const env = {
      ...minimal,
      NHN_API_PASSWORD: "sentinel-password-42",
      NHN_AUTH_TOKEN: "sentinel-token-42",
    };
    const config = loadConfig(env);
    for (const shown of [
      JSON.stringify(config),
      inspect(config, { depth: 10 }),
      String(config.credentials),
      `${JSON.stringify(loadConfig({ ...env, NHN_AUTH_TOKEN: "" }))}`,
    ]) {
      expect(shown).not.toContain("sentinel-password-42");
      expect(shown).not.toContain("sentinel-token-42");
    }
  });

  it("does not echo a secret's value in an error", () => {
    const error = configError({ NHN_API_PASSWORD: "sentinel-password-42", NHN_TIMEOUT_MS: "x" });
    expect(JSON.stringify(error.issues) + error.message + inspect(error)).not.toContain(
      "sentinel-password-42",
    );
  });
});
