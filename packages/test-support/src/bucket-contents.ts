import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";

/**
 * What a test reads straight from a store, past whatever the code under test talks to: every key
 * of the bucket (sorted) and an object's bytes as stored.
 */
export function bucketContents(client: S3Client, bucket: string) {
  return {
    async keys(): Promise<string[]> {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) if (object.Key) out.push(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    async bytes(key: string): Promise<Buffer> {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from((await response.Body?.transformToByteArray()) ?? new Uint8Array());
    },
  };
}
