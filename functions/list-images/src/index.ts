import { Logger } from "@aws-lambda-powertools/logger";
import { createListImagesHandler } from "./handler.ts";

const logger = new Logger({ serviceName: "nhn-images-list" });

/**
 * The Lambda entry point behind API Gateway (HTTP API 2.0 or REST 1.0):
 * `GET /images`, `GET /images/{id}`, `GET /openapi.json`.
 */
export const handler = createListImagesHandler({
  env: process.env,
  logger,
  getSecureString: async (name) => {
    // Loaded only when the password lives in SSM; the AWS SDK comes with the Lambda runtime.
    const { getParameter } = await import("@aws-lambda-powertools/parameters/ssm");
    const value = await getParameter(name, { decrypt: true, maxAge: 300 });
    if (typeof value !== "string") throw new Error("SSM parameter has no string value");
    return value;
  },
});
