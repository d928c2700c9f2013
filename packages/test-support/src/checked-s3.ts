import { bucketContents } from "./bucket-contents.ts";
import { startS3Proxy } from "./s3-proxy.ts";
import { S3RVER_KEY, s3rverClient, startS3 } from "./s3-server.ts";

/**
 * s3rver behind the fault proxy, which checks every request's SigV4 signature as S3 does
 * (s3rver accepts any signature of a known key), and a client straight to s3rver for the test
 * itself: what code under test sends goes through `proxy.url`; what the test reads or plants
 * does not.
 */
export async function startCheckedS3(
  bucket: string,
  options: {
    /** Access keys (id → secret) the server accepts besides its own. */
    accessKeys?: Record<string, string>;
  } = {},
) {
  const accessKeys = options.accessKeys ?? {};
  const s3 = await startS3(bucket, { accessKeys });
  const proxy = await startS3Proxy(s3.url, {
    signingSecrets: { [S3RVER_KEY.accessKeyId]: S3RVER_KEY.secretAccessKey, ...accessKeys },
  });
  const direct = s3rverClient(s3.url);

  const { keys, bytes } = bucketContents(direct, bucket);

  return {
    s3,
    proxy,
    direct,
    keys,
    bytes,
    async close() {
      direct.destroy();
      await proxy.close();
      await s3.close();
    },
  };
}

export type CheckedS3 = Awaited<ReturnType<typeof startCheckedS3>>;
