import { startS3Proxy } from "../s3-proxy.ts";
import { startSwiftS3 } from "./swift-s3.ts";

/**
 * Swift's S3 API behind the fault proxy, in the shape of {@link startCheckedS3}: what code under
 * test sends goes through `proxy.url` (which can fail, slow or freeze it, and counts its writes);
 * what the test reads or plants goes to Swift directly. Swift answers everything itself —
 * signatures, conditional writes (501), multipart aborts — the proxy only watches.
 */
export async function startCheckedSwiftS3(bucket: string) {
  const swift = await startSwiftS3(bucket);
  const proxy = await startS3Proxy(swift.url, { targetIsS3: true });
  return {
    s3: { url: swift.url, env: swift.env },
    proxy,
    direct: swift.direct,
    keys: swift.keys,
    bytes: swift.bytes,
    logs: swift.logs,
    async close() {
      await proxy.close();
      await swift.close();
    },
  };
}
