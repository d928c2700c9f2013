import type { JsonResponse } from "../client/transport.ts";
import { UpstreamError } from "../errors.ts";

/** The {@link UpstreamError} for an answer whose HTTP status is a failure. */
export function httpFailure(response: JsonResponse, operation: string): UpstreamError {
  return new UpstreamError(`${operation} failed with HTTP ${response.status}`, {
    resultCode: null,
    resultMessage: null,
    httpStatus: response.status,
  });
}
