import type { S3Client } from "@aws-sdk/client-s3";
import {
  AWS_DEADLINES,
  type AwsDeadlines,
  requestHandlerOf,
  type S3Target,
} from "@nhn-images/core";

/**
 * An S3 client for the inventory's store, signed for its region with its own keys when it has
 * them (NHN Object Storage signs with `KR1`…; a Lambda's `AWS_*` keys are its role's, not the
 * store's), else the SDK's default chain.
 *
 * The S3 client is imported on first use, as the SSM client is ({@link readSecureString}): the
 * list function's live queries never pay for loading it.
 *
 * Every request has a deadline that fails it ({@link AWS_DEADLINES}): a store that hangs is an
 * error the SDK retries, then the caller's, never a wait until Lambda's own time-out.
 *
 * @throws {Error} when the target's keys are still an SSM parameter name: resolve them first
 *   ({@link resolveS3Credentials}).
 */
export async function createInventoryS3Client(
  target: S3Target,
  deadlines: AwsDeadlines = AWS_DEADLINES,
): Promise<S3Client> {
  const { credentials } = target;
  if (credentials !== null && "ssmParameter" in credentials) {
    throw new Error("The S3 credentials are not resolved yet: call resolveS3Credentials first");
  }
  const { S3Client } = await import("@aws-sdk/client-s3");
  return new S3Client({
    region: target.region,
    ...(target.endpoint === null ? {} : { endpoint: target.endpoint }),
    forcePathStyle: target.forcePathStyle,
    ...(credentials === null
      ? {}
      : {
          credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey.reveal(),
          },
        }),
    // S3-compatible stores (NHN Object Storage) do not all accept the SDK's default trailing
    // checksums (NHN's S3 guide lists none): send and check them only where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: requestHandlerOf(deadlines),
  });
}
