import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

/** s3rver's one account, whose key pairs it verifies request signatures against. */
const { DUMMY_ACCOUNT } = createRequire(import.meta.url)("s3rver/lib/models/account.js") as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
};

/** s3rver's own key pair (it accepts others only when told, see {@link S3ServerOptions.accessKeys}). */
export const S3RVER_KEY = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** An S3 client for an s3rver, or a proxy in front of one, at `endpoint`, with its own key. */
export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: S3RVER_KEY,
  });
}

export interface S3ServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where the objects live; a fresh temporary directory (removed on close) by default. */
  readonly directory?: string;
  /**
   * More access keys (id → secret) the server accepts besides `S3RVER`, as an S3-compatible
   * store's own keys: it checks every request's signature (SigV4, region included) against them.
   */
  readonly accessKeys?: Readonly<Record<string, string>>;
}

/** An in-process S3 server (s3rver) with one bucket, on an ephemeral port unless told otherwise. */
export async function startS3(bucket: string, options: S3ServerOptions = {}) {
  const temporary = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), "nhn-images-s3-")));
  if (!temporary) await mkdir(directory, { recursive: true });
  const server = new S3rver({
    port: options.port ?? 0,
    address: "127.0.0.1",
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  for (const [id, secret] of Object.entries(options.accessKeys ?? {})) {
    DUMMY_ACCOUNT.createKeyPair(id, secret);
  }
  const address = (await server.run()) as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    directory,
    /** The export's S3 settings for this server (or a proxy in front of it at `endpoint`). */
    env: (endpoint = url): Record<string, string> => ({
      INVENTORY_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: S3RVER_KEY.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY.secretAccessKey,
      S3_REGION: "us-east-1",
    }),
    async close() {
      await server.close();
      if (temporary) await rm(directory, { recursive: true, force: true });
    },
  };
}
