import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ConcurrencyLimit } from "@nhn-images/core";
import { s3rverClient, startS3 } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InventoryReadError } from "../src/inventory-errors.ts";
import { listObjects } from "../src/store/store-objects.ts";

/** A store whose ListObjectsV2 says it has more, but not where it goes on. */
let url: string;
const server = createServer((req, res) => {
  const page = new URL(req.url ?? "/", "http://store.local").searchParams.get("continuation-token");
  const keys = page === null ? ["a/1", "a/2"] : ["a/3"];
  // The first page is truncated and names no NextContinuationToken.
  const truncated = page === null;
  res.writeHead(200, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>a/</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>${truncated}</IsTruncated>${keys.map((key) => `<Contents><Key>${key}</Key><ETag>"e"</ETag><Size>1</Size></Contents>`).join("")}</ListBucketResult>`,
  );
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("listing the inventory's keys", () => {
  it("fails on a truncated answer without a continuation token, never taking a part for the whole", async () => {
    const s3 = new S3Client({
      region: "KR1",
      endpoint: url,
      forcePathStyle: true,
      credentials: { accessKeyId: "k", secretAccessKey: "s" },
    });
    const error = await listObjects(s3, "b", "a/").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InventoryReadError);
    expect((error as Error).message).toMatch(/listing of a\/ was cut off after 2 keys/);
    s3.destroy();
  });
});

describe("listing past a thousand keys on the local S3 (s3rver, as pnpm dev runs it)", () => {
  it("follows its continuation token: 1,003 manifests are all listed, once each, in order", async () => {
    const s3 = await startS3("many-keys");
    const client = s3rverClient(s3.url);
    try {
      const keys = Array.from(
        { length: 1_003 },
        (_, day) => `nhn-images/manifests/dt=${2000 + Math.floor(day / 365)}-${day}/manifest.json`,
      ).sort();
      const limit = new ConcurrencyLimit(16);
      await Promise.all(
        [...keys, "nhn-images/latest.json"].map((key) =>
          limit.run(() =>
            client.send(new PutObjectCommand({ Bucket: "many-keys", Key: key, Body: "{}" })),
          ),
        ),
      );
      const listed = await listObjects(client, "many-keys", "nhn-images/manifests/");
      expect(listed.map((object) => object.key)).toEqual(keys);
    } finally {
      client.destroy();
      await s3.close();
    }
  });
});
