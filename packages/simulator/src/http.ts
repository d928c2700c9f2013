import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { Fault } from "./faults.ts";

/** What a route answers, before faults shape how it is sent. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** Keystone's and Glance's error body (OpenStack's `{"error": {code, title, message}}`). */
export function openStackError(status: number, title: string, message: string): Answer {
  return { status, body: { error: { code: status, title, message } } };
}

/** Keystone's and Glance's 401. */
export const unauthorised = (): Answer =>
  openStackError(401, "Unauthorized", "The request you have made requires authentication.");

export const badRequest = (message: string): Answer => openStackError(400, "Bad Request", message);

export const notFound = (message: string): Answer => openStackError(404, "Not Found", message);

/** The answer a status, rate-limit or v1 fault replaces the route's answer with, if any. */
export function faultAnswer(fault: Fault): Answer | null {
  switch (fault.kind) {
    case "status":
      return openStackError(fault.status, "Error", "simulated failure");
    case "rate-limit":
      return {
        ...openStackError(429, "Too Many Requests", "Too Many Requests"),
        headers: { "retry-after": fault.retryAfter },
      };
    case "redirect":
      return {
        ...openStackError(fault.status ?? 302, "Found", "moved"),
        headers: { location: fault.location },
      };
    case "v1-failure":
      return {
        status: 200,
        body: {
          header: {
            isSuccessful: false,
            resultCode: fault.resultCode,
            resultMessage: fault.resultMessage ?? "simulated failure",
          },
        },
      };
    default:
      return null;
  }
}

/** A request body as JSON, or null when it is none. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  }
}

/** Waits `ms`, or less if the client goes away. */
export function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Sends an answer the way the active faults say: whole, malformed, cut, dripped or not at all. */
export async function send(
  res: ServerResponse,
  answer: Answer,
  active: readonly Fault[],
): Promise<void> {
  const hang = active.find((f) => f.kind === "hang");
  if (hang !== undefined) {
    hang.onHang?.();
    return;
  }
  if (active.some((f) => f.kind === "reset")) {
    res.socket?.destroy();
    return;
  }
  if (answer.status === 204) {
    // No Content: a write's answer has no body at all.
    res.writeHead(204, answer.headers);
    res.end();
    return;
  }
  const malformed = active.some((f) => f.kind === "malformed-json");
  const text = malformed
    ? '{"header": {"isSuccessful": true, "resultCode": 0,, "images": ['
    : JSON.stringify(answer.body);
  const oversized = active.find((f) => f.kind === "oversized-body");
  let body = Buffer.from(text, "utf8");
  const headers: Record<string, string> = {};
  if (oversized !== undefined) {
    // Spaces are JSON whitespace: the body stays valid JSON, only far larger than any answer.
    body = Buffer.concat([Buffer.alloc(oversized.bytes, " "), body]);
    if (oversized.gzip === true) {
      body = gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
    }
  }
  res.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(body.length),
    ...headers,
    ...answer.headers,
  });
  if (active.some((f) => f.kind === "truncated-body")) {
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    res.socket?.destroy();
    return;
  }
  const drip = active.find((f) => f.kind === "drip-body");
  if (drip !== undefined) {
    const step = drip.chunkBytes ?? 16;
    for (let offset = 0; offset < body.length && !res.destroyed; offset += step) {
      res.write(body.subarray(offset, offset + step));
      await delay(drip.chunkDelayMs, res);
    }
    res.end();
    return;
  }
  res.end(body);
}
