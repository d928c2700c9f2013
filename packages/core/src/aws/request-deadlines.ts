/**
 * How long an AWS SDK request (S3, EventBridge, SSM) may take before it fails, in ms: to connect,
 * to get an answer once the request is sent (its body included), and between two chunks of an
 * answer being read (an object streamed slowly, then not at all).
 */
export interface AwsDeadlines {
  readonly connectMs: number;
  readonly answerMs: number;
  readonly idleMs: number;
}

/**
 * The deadlines of every AWS client of the project. Without them a store or a bus that accepts
 * the connection and never answers holds the call until Lambda kills the invocation (900 s for
 * the export). An answer can take a while (a 16 MiB part to NHN Object Storage over the
 * internet): a minute, then the SDK's own retries.
 */
export const AWS_DEADLINES: AwsDeadlines = { connectMs: 5_000, answerMs: 60_000, idleMs: 30_000 };

/**
 * The SDK's `requestHandler` options for `deadlines`. `requestTimeout` alone only logs a
 * warning in `@smithy/node-http-handler` 4.x; `throwOnRequestTimeout` makes it fail the
 * request (and so let the caller retry or give up), and `socketTimeout` bounds a body that stops
 * arriving once the answer has begun.
 */
export function requestHandlerOf(deadlines: AwsDeadlines) {
  return {
    connectionTimeout: deadlines.connectMs,
    requestTimeout: deadlines.answerMs,
    throwOnRequestTimeout: true,
    socketTimeout: deadlines.idleMs,
  };
}
