import { Logger } from "@aws-lambda-powertools/logger";
import { createPlanLifecycleHandler } from "@nhn-images/lifecycle";

const logger = new Logger({ serviceName: "nhn-images-lifecycle" });

/**
 * The Lambda entry point, on its schedule after the nightly export: today's lifecycle plan of
 * the policy in `LIFECYCLE_POLICY` (or the object `LIFECYCLE_POLICY_KEY`), written to the
 * inventory bucket; applied only when the stage sets `lifecycleApply: true`. The plan and the
 * apply are the lifecycle package's, which `nhn-images lifecycle` runs too.
 */
export const handler = createPlanLifecycleHandler({ env: process.env, logger });
