import { type AwsDeadlines, requestHandlerOf } from "@nhn-images/core";
import type { PutEvents } from "./event-publisher.ts";

/**
 * A PutEvents call that cannot end in time fails and is retried by the publisher: its entries
 * are a few KB, so ten seconds is long; five attempts of a hung bus cost under a minute.
 */
export const PUT_EVENTS_DEADLINES: AwsDeadlines = {
  connectMs: 3_000,
  answerMs: 10_000,
  idleMs: 10_000,
};

/**
 * PutEvents through the AWS SDK's EventBridge client, on `endpoint` when given (a local event
 * sink), signed with the function's AWS credentials: the `AWS_*` variables of `env` (the Lambda
 * runtime sets them for the role) or, without them, the SDK's default chain. The SDK does not
 * retry: the publisher does, entry by entry, with its own back-off. Imported on first use: a
 * deployment with no bus never loads the client.
 */
export async function eventBridgePutEvents(
  endpoint: string | null,
  env: Readonly<Record<string, string | undefined>>,
  deadlines: AwsDeadlines = PUT_EVENTS_DEADLINES,
): Promise<{ putEvents: PutEvents; close: () => void }> {
  const { EventBridgeClient, PutEventsCommand } = await import("@aws-sdk/client-eventbridge");
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  const client = new EventBridgeClient({
    region: env.AWS_REGION || "us-east-1",
    ...(endpoint === null ? {} : { endpoint }),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
    maxAttempts: 1,
    requestHandler: requestHandlerOf(deadlines),
  });
  return {
    putEvents: (entries) => client.send(new PutEventsCommand({ Entries: [...entries] })),
    close: () => client.destroy(),
  };
}
