import type { Config, Credentials } from "../config/config.ts";
import { NhnImagesError } from "../errors.ts";
import { type CoreLogger, silentLogger } from "../logger.ts";
import type { Secret } from "../secret.ts";
import { ImageFieldReader } from "./field-reader.ts";
import type { ImageApi } from "./image-api.ts";
import { v1ImageApi } from "./v1/adapter.ts";
import { v2ImageApi } from "./v2/adapter.ts";

/** The adapter of the configured API: the one place that asks which API version is configured. */
export function createImageApi(config: Config, logger: CoreLogger = silentLogger): ImageApi {
  const fields = new ImageFieldReader(logger);
  const login = loginOf(config.credentials);
  if (config.apiVersion === "v1") {
    return v1ImageApi({
      computeUrl: config.computeUrl,
      appkey: config.appkey ?? "",
      accessKey: login === null ? null : { id: login.username, secret: login.password },
      fields,
    });
  }
  return v2ImageApi({
    identityUrl: config.identityUrl,
    imageUrl: config.imageUrl,
    regions: config.regions,
    projects: config.projects,
    login,
    fields,
    logger,
  });
}

function loginOf(credentials: Credentials): { username: string; password: Secret } | null {
  if (credentials.kind === "token") return null;
  if (!("reveal" in credentials.password)) {
    throw new NhnImagesError(
      "The API password is still an SSM parameter name: resolve it with resolveApiPassword() first",
    );
  }
  return { username: credentials.username, password: credentials.password };
}
