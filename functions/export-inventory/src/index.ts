import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createExportHandler } from "@nhn-images/inventory/export";

const logger = new Logger({ serviceName: "nhn-images-export" });
const metrics = new Metrics({ namespace: "NhnImages", serviceName: "nhn-images-export" });

/**
 * The Lambda entry point: the EventBridge schedule, or `{"date":"YYYY-MM-DD"}` by hand to
 * backfill or re-run a day. The API password, when it lives in SSM, is read at start. The
 * export itself is the inventory's (`@nhn-images/inventory/export`), which `nhn-images export` runs too.
 */
export const handler = createExportHandler({ env: process.env, logger, metrics });
