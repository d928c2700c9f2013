import { Logger } from "@aws-lambda-powertools/logger";
import { createListImagesHandler } from "./handler.ts";

const logger = new Logger({ serviceName: "nhn-images-list" });

/**
 * The Lambda entry point behind API Gateway (HTTP API 2.0 or REST 1.0):
 * `GET /images`, `GET /images/{id}`, `GET /openapi.json`. The API password, when it lives in
 * SSM, is read once per container on the first request.
 */
export const handler = createListImagesHandler({ env: process.env, logger });
