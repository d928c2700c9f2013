import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

export interface S3ServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where the objects live; a fresh temporary directory (removed on close) by default. */
  readonly directory?: string;
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
  const address = (await server.run()) as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    directory,
    /** The export's S3 settings for this server (or a proxy in front of it at `endpoint`). */
    env: (endpoint = url): Record<string, string> => ({
      INVENTORY_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_REGION: "us-east-1",
    }),
    async close() {
      await server.close();
      if (temporary) await rm(directory, { recursive: true, force: true });
    },
  };
}
