import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

/** SHA-256 (or its HMAC, given a secret) in the shape the SDK's signer asks for. */
type Bytes = string | ArrayBuffer | ArrayBufferView;
const asInput = (data: Bytes): string | Buffer =>
  typeof data === "string"
    ? data
    : data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

class Sha256 {
  #hash: Hash | Hmac;
  constructor(private readonly secret?: Bytes) {
    this.#hash =
      secret === undefined ? createHash("sha256") : createHmac("sha256", asInput(secret));
  }
  update(data: Bytes): void {
    this.#hash.update(asInput(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash =
      this.secret === undefined ? createHash("sha256") : createHmac("sha256", asInput(this.secret));
  }
}

/**
 * Whether a request's SigV4 header signature is right for the secret of the access key it names
 * (s3rver accepts any SigV4 signature from a key it knows; S3 and NHN Object Storage do not). The
 * request is signed again, over the headers it says it signed, with the same date, region and
 * payload hash (`x-amz-content-sha256`, which S3 clients send; else the hash of `body`, as for
 * JSON protocols such as EventBridge's), by the AWS SDK's own signer; the signatures must match.
 */
export async function hasValidSigV4(
  req: IncomingMessage,
  secrets: Readonly<Record<string, string>>,
  body?: Buffer,
): Promise<boolean> {
  const authorization = req.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (match === null) return false;
  const [, accessKeyId, , region, service, signedHeaders, signature] = match as unknown as string[];
  const secretAccessKey = secrets[accessKeyId as string];
  const amzDate = req.headers["x-amz-date"];
  if (secretAccessKey === undefined || typeof amzDate !== "string") return false;
  const headers: Record<string, string> = {};
  for (const name of (signedHeaders as string).split(";")) {
    const value = req.headers[name];
    headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
  }
  const url = new URL(req.url ?? "/", "http://signed.local");
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const signer = new SignatureV4({
    service: service as string,
    region: region as string,
    credentials: { accessKeyId: accessKeyId as string, secretAccessKey },
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method ?? "GET",
      protocol: "http:",
      hostname: url.hostname,
      path: url.pathname,
      query,
      headers,
      ...(body === undefined ? {} : { body }),
    },
    {
      signingDate: new Date(
        amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"),
      ),
      signableHeaders: new Set((signedHeaders as string).split(";")),
    },
  );
  const again = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ""))?.[1];
  return again === signature;
}
