import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { KeyLocks } from "./key-locks.ts";

export type S3Operation =
  | "CreateMultipartUpload"
  | "UploadPart"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "PutObject"
  | "GetObject"
  | "HeadObject"
  | "ListObjects"
  | "DeleteObject"
  | "Other";

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

/**
 * A fault-injecting proxy in front of an S3 server. It tells each request's operation, keeps
 * the multipart uploads that were started and never completed or aborted (s3rver cannot list
 * them), answers AbortMultipartUpload itself (s3rver does not implement it), and can fail or
 * slow chosen operations, or vanish altogether.
 */
export async function startS3Proxy(target: string) {
  const targetUrl = new URL(target);
  const rules: { fault: S3Fault; seen: number }[] = [];
  const open = new Map<string, string>();
  const operations: { operation: S3Operation; key: string }[] = [];
  const sockets = new Set<Socket>();
  const keyLocks = new KeyLocks();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://proxy.local");
    const operation = classify(req.method ?? "GET", url);
    const key = decodeURIComponent(url.pathname.split("/").slice(2).join("/"));
    operations.push({ operation, key });
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
    if (operation === "AbortMultipartUpload") {
      open.delete(url.searchParams.get("uploadId") ?? "");
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
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    operations,
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

function classify(method: string, url: URL): S3Operation {
  const q = url.searchParams;
  const hasKey = url.pathname.split("/").filter(Boolean).length > 1;
  if (method === "POST" && q.has("uploads")) return "CreateMultipartUpload";
  if (method === "PUT" && q.has("uploadId")) return "UploadPart";
  if (method === "POST" && q.has("uploadId")) return "CompleteMultipartUpload";
  if (method === "DELETE" && q.has("uploadId")) return "AbortMultipartUpload";
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
    case "GetObject":
    case "HeadObject":
    case "DeleteObject":
    case "CompleteMultipartUpload":
      return key;
    default:
      return null;
  }
}
