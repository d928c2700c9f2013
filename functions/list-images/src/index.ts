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
    // The SSM client comes with the Lambda runtime and is imported only when the password lives
    // in SSM, once per container. Importing it up front (as Powertools Parameters does) cost
    // 200 ms of module loading on every cold start, measured with `pnpm bench`.
    const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
    const ssm = new SSMClient({});
    try {
      const { Parameter } = await ssm.send(
        new GetParameterCommand({ Name: name, WithDecryption: true }),
      );
      if (typeof Parameter?.Value !== "string")
        throw new Error("SSM parameter has no string value");
      return Parameter.Value;
    } finally {
      ssm.destroy();
    }
  },
});
