import { inspect } from "node:util";
import { ConfigError, loadConfig } from "@nhn-images/core";
import { describe, expect, it } from "vitest";

const minimal = { NHN_APPKEY: "k", NHN_USERNAME: "u@example.com", NHN_API_PASSWORD: "p" };

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
  it("fills DESIGN.md's defaults", () => {
    const config = loadConfig(minimal);
    expect(config).toMatchObject({
      apiVersion: "v1",
      region: "KR1",
      computeUrl: "https://api-compute.cloud.toast.com/compute",
      imageUrl: "https://kr1-api-image-infrastructure.nhncloudservice.com",
      identityUrl: "https://api-identity-infrastructure.nhncloudservice.com/v2.0",
      timeoutMs: 10000,
      maxRetries: 2,
      cacheTtlS: 60,
      inventory: { bucket: null, prefix: "nhn-images/", s3Endpoint: null, s3ForcePathStyle: false },
    });
  });

  it("derives the image host from the region", () => {
    const config = loadConfig({ ...minimal, NHN_REGION: "jp1" });
    expect(config.imageUrl).toBe("https://jp1-api-image-infrastructure.nhncloudservice.com");
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
    expect(configError({ NHN_USERNAME: "u", NHN_API_PASSWORD: "p" }).issues[0]?.param).toBe(
      "NHN_APPKEY",
    );
    expect(
      configError({ NHN_API_VERSION: "v2", NHN_USERNAME: "u", NHN_API_PASSWORD: "p" }).issues.map(
        (i) => i.param,
      ),
    ).toEqual(["NHN_TENANT_ID"]);
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
