import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { getParameter } from "@aws-lambda-powertools/parameters/ssm";
import { createExportHandler } from "./handler.ts";

const logger = new Logger({ serviceName: "nhn-images-export" });
const metrics = new Metrics({ namespace: "NhnImages", serviceName: "nhn-images-export" });

/**
 * The Lambda entry point: the EventBridge schedule, or `{"date":"YYYY-MM-DD"}` by hand to
 * backfill or re-run a day.
 */
export const handler = createExportHandler({
  env: process.env,
  logger,
  metrics,
  getSecureString: async (name) => {
    const value = await getParameter(name, { decrypt: true });
    if (typeof value !== "string") throw new Error("SSM parameter has no string value");
    return value;
  },
});
