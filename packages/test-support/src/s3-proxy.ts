import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { KeyLocks } from "./key-locks.ts";
import { hasValidSigV4 } from "./sigv4-check.ts";

export type S3Operation =
  | "CreateMultipartUpload"
  | "UploadPart"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "PutObject"
  | "CopyObject"
  | "GetObject"
  | "HeadObject"
  | "ListObjects"
  | "DeleteObject"
  | "Other";

/** Who signed a request and for what (the SigV4 credential scope of its Authorization header). */
export interface SigningScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

/** `AWS4-HMAC-SHA256 Credential=<id>/<date>/<region>/<service>/aws4_request, …`, read. */
function signingScopeOf(authorization: string | undefined): SigningScope | null {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(
    authorization ?? "",
  );
  if (match === null) return null;
  return {
    accessKeyId: match[1] as string,
    region: match[2] as string,
    service: match[3] as string,
  };
}

export interface S3Fault {
  readonly operation: S3Operation;
  /** Only requests whose key contains this. */
  readonly keyContains?: string;
  readonly kind: "status" | "latency";
  readonly status?: number;
  readonly ms?: number;
  readonly skip?: number;
  readonly times?: number;
}

/** Operations that change what the bucket holds: the points a killed run can stop between. */
const VISIBLE_WRITES: ReadonlySet<S3Operation> = new Set([
  "PutObject",
  "CopyObject",
  "DeleteObject",
  "CompleteMultipartUpload",
]);

/**
 * A fault-injecting proxy in front of an S3 server. It tells each request's operation, keeps
 * the multipart uploads that were started and never completed or aborted (s3rver cannot list
 * them), answers AbortMultipartUpload itself (s3rver does not implement it), evaluates S3's
 * conditional writes (`If-None-Match: *`, `If-Match` on PutObject, which s3rver ignores) the way
 * S3 documents them, can fail or slow chosen operations, freeze after a number of writes (as if
 * the writer were killed right there), or vanish altogether.
 */
export async function startS3Proxy(
  target: string,
  options: {
    /**
     * Access keys (id → secret) whose SigV4 signatures are checked as S3 checks them (s3rver
     * does not): a request signed with another secret is refused with 403
     * `SignatureDoesNotMatch`, one from an unknown key with 403 `InvalidAccessKeyId`.
     */
    readonly signingSecrets?: Readonly<Record<string, string>>;
    /**
     * The target implements S3 itself (Swift's s3api): conditional writes and
     * AbortMultipartUpload go to it, answered as it answers them. By default (s3rver, which
     * implements neither) the proxy answers them as S3 documents.
     */
    readonly targetIsS3?: boolean;
  } = {},
) {
  const emulate = options.targetIsS3 !== true;
  const targetUrl = new URL(target);
  const rules: { fault: S3Fault; seen: number }[] = [];
  const open = new Map<string, string>();
  const operations: {
    operation: S3Operation;
    key: string;
    signedFor: SigningScope | null;
    /** How the payload was signed (`x-amz-content-sha256`): a hash, `UNSIGNED-PAYLOAD`, `STREAMING-…`. */
    payloadSigning: string | null;
  }[] = [];
  const sockets = new Set<Socket>();
  const keyLocks = new KeyLocks();
  let writes = 0;
  let freeze: { after: number; reached: () => void } | null = null;
  let frozen = false;
  const held = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://proxy.local");
    const operation = classify(req.method ?? "GET", url, req.headers);
    if (frozen) {
      // The writer is "dead": nothing it sends reaches the bucket any more.
      held.add(res);
      req.resume();
      return;
    }
    const key = decodeURIComponent(url.pathname.split("/").slice(2).join("/"));
    const signedFor = signingScopeOf(req.headers.authorization);
    const payload = req.headers["x-amz-content-sha256"];
    operations.push({
      operation,
      key,
      signedFor,
      payloadSigning: typeof payload === "string" ? payload : null,
    });
    const secrets = options.signingSecrets;
    if (secrets !== undefined && !(await hasValidSigV4(req, secrets))) {
      req.resume();
      const code =
        signedFor !== null && secrets[signedFor.accessKeyId] === undefined
          ? "InvalidAccessKeyId"
          : "SignatureDoesNotMatch";
      res.writeHead(403, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>`,
      );
      return;
    }
    for (const rule of rules) {
      const { fault } = rule;
      if (
        fault.operation !== operation ||
        (fault.keyContains !== undefined && !key.includes(fault.keyContains))
      )
        continue;
      const position = rule.seen++;
      if (
        position < (fault.skip ?? 0) ||
        position >= (fault.skip ?? 0) + (fault.times ?? Number.POSITIVE_INFINITY)
      )
        continue;
      if (fault.kind === "latency")
        await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 0));
      if (fault.kind === "status") {
        req.resume();
        res.writeHead(fault.status ?? 500, { "content-type": "application/xml" });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected</Message></Error>`,
        );
        return;
      }
    }
    // s3rver overwrites an object in place: a GetObject that has read the old size while a
    // PutObject truncates the file announces a Content-Length it never sends, and the client
    // waits forever. S3 replaces objects atomically; requests on one key take turns here so the
    // stand-in keeps that guarantee.
    const release = await keyLocks.acquire(objectKeyOf(operation, key));
    res.once("close", release);
    if (emulate && operation === "PutObject" && (await preconditionFails(req, url.pathname))) {
      req.resume();
      res.writeHead(412, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>`,
      );
      return;
    }
    if (operation === "AbortMultipartUpload") open.delete(url.searchParams.get("uploadId") ?? "");
    if (emulate && operation === "AbortMultipartUpload") {
      req.resume();
      res.writeHead(204);
      res.end();
      return;
    }
    const upstream = request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          if (answer.statusCode === 200 && operation === "CreateMultipartUpload") {
            const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(body.toString())?.[1];
            if (uploadId !== undefined) open.set(uploadId, key);
          }
          if (answer.statusCode === 200 && operation === "CompleteMultipartUpload") {
            open.delete(url.searchParams.get("uploadId") ?? "");
          }
          const status = answer.statusCode ?? 502;
          if (VISIBLE_WRITES.has(operation) && status < 300) {
            writes++;
            if (freeze !== null && writes >= freeze.after) {
              // Applied, but its writer never hears back: killed right after this write.
              frozen = true;
              held.add(res);
              freeze.reached();
              freeze = null;
              return;
            }
          }
          res.writeHead(status, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  }

  /** S3's conditional writes, evaluated against the object now at `path` (`/bucket/key`). */
  async function preconditionFails(req: IncomingMessage, path: string): Promise<boolean> {
    const ifNoneMatch = req.headers["if-none-match"];
    const ifMatch = req.headers["if-match"];
    if (ifNoneMatch === undefined && ifMatch === undefined) return false;
    const etag = await currentEtag(path);
    if (ifNoneMatch === "*" && etag !== null) return true;
    if (ifMatch !== undefined && (etag === null || unquote(ifMatch) !== unquote(etag))) return true;
    return false;
  }

  function currentEtag(path: string): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const head = request(
        { host: targetUrl.hostname, port: targetUrl.port, method: "HEAD", path },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode === 200 ? String(answer.headers.etag ?? "") : null);
        },
      );
      head.on("error", reject);
      head.end();
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    operations,
    /** Writes that changed the bucket (PutObject, CopyObject, DeleteObject, CompleteMultipartUpload). */
    writes: () => writes,
    /**
     * After `count` more writes have changed the bucket, answers nothing more: the last write is
     * applied but never acknowledged, every later request hangs. Resolves at that moment; the
     * caller then kills the writer and calls {@link thaw}.
     */
    freezeAfterWrites(count: number): Promise<void> {
      return new Promise((resolve) => {
        freeze = { after: writes + count, reached: resolve };
      });
    },
    /** Answers again; requests held while frozen are dropped (their writer is gone). */
    thaw() {
      frozen = false;
      freeze = null;
      for (const res of held) res.destroy();
      held.clear();
    },
    /** Multipart uploads started and neither completed nor aborted, by upload id → key. */
    openUploads: () => [...open.values()],
    addFault(fault: S3Fault) {
      rules.push({ fault, seen: 0 });
    },
    clearFaults() {
      rules.length = 0;
    },
    /** Stops answering: every connection is cut and new ones are refused. */
    vanish() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function classify(method: string, url: URL, headers: IncomingMessage["headers"]): S3Operation {
  const q = url.searchParams;
  const hasKey = url.pathname.split("/").filter(Boolean).length > 1;
  if (method === "POST" && q.has("uploads")) return "CreateMultipartUpload";
  if (method === "PUT" && q.has("uploadId")) return "UploadPart";
  if (method === "POST" && q.has("uploadId")) return "CompleteMultipartUpload";
  if (method === "DELETE" && q.has("uploadId")) return "AbortMultipartUpload";
  if (method === "PUT" && hasKey && headers["x-amz-copy-source"] !== undefined) return "CopyObject";
  if (method === "PUT" && hasKey) return "PutObject";
  if (method === "GET" && hasKey) return "GetObject";
  if (method === "HEAD" && hasKey) return "HeadObject";
  if (method === "GET") return "ListObjects";
  if (method === "DELETE" && hasKey) return "DeleteObject";
  return "Other";
}

/** The object a request reads or replaces, or null for requests that touch no object's bytes. */
function objectKeyOf(operation: S3Operation, key: string): string | null {
  switch (operation) {
    case "PutObject":
    case "CopyObject":
    case "GetObject":
    case "HeadObject":
    case "DeleteObject":
    case "CompleteMultipartUpload":
      return key;
    default:
      return null;
  }
}

function unquote(etag: string): string {
  return etag.replace(/^W\//, "").replaceAll('"', "");
}
