import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hasValidSigV4 } from "./sigv4-check.ts";

/**
 * A PutEvents request entry as it arrives (EventBridge API reference, PutEventsRequestEntry;
 * the shapes are kept in `fixtures/aws/eventbridge.api-reference.put-events.json`).
 */
export interface ReceivedEntry {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail?: string;
  readonly EventBusName?: string;
  readonly Resources?: string[];
  readonly Time?: number;
}

/** An event as EventBridge hands it to a rule's target (user guide, "Amazon EventBridge events"). */
export interface BusEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
  /** Not part of the event: the bus it was put on (`default` when the entry named none). */
  readonly bus: string;
}

/** One PutEvents call as received: its entries, who signed it, and what was answered. */
export interface PutEventsCall {
  readonly entries: ReceivedEntry[];
  readonly accessKeyId: string | null;
  readonly status: number;
  readonly failedEntryCount: number;
}

/**
 * A fault: for one entry (at `index` in its request) of a call (1-based, counting every
 * PutEvents call), an `ErrorCode` to answer that entry with, or null to accept it.
 */
export type EntryFault = (entry: ReceivedEntry, call: number, index: number) => string | null;

export interface EventBusOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Access keys (id → secret) whose SigV4 signatures (service `events`) are checked; none: any. */
  readonly accessKeys?: Readonly<Record<string, string>>;
  readonly account?: string;
  /** Called with the events of each call that accepted some (the local sink prints them). */
  readonly onEvents?: (events: readonly BusEvent[]) => void;
}

/** Request bodies past this are refused: 10 entries of under 256 KB each, with room for JSON. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** EventBridge's limits (API reference, PutEvents and "Calculating PutEvents event entry size"). */
const MAX_ENTRIES = 10;
const MAX_REQUEST_ENTRY_BYTES = 256 * 1024;

/**
 * A local EventBridge endpoint that speaks PutEvents as the AWS SDK sends it (AWS JSON 1.1,
 * `X-Amz-Target: AWSEvents.PutEvents`, SigV4) and keeps every event it accepts, in order, as a
 * rule's target would see it. It checks what EventBridge checks of the export's calls — 1–10
 * entries, their total size under 256 KB, `Source`, `DetailType` and a `Detail` that is a JSON
 * object on every entry — and answers failed entries with `ErrorCode` and `ErrorMessage` the way
 * EventBridge does, so a client's retry of failed entries can be tested with {@link EntryFault}s.
 */
export async function startEventBus(options: EventBusOptions = {}) {
  const events: BusEvent[] = [];
  const calls: PutEventsCall[] = [];
  let fault: EntryFault | null = null;
  let requestFailures: { remaining: number; status: number } | null = null;
  const account = options.account ?? "000000000000";

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) =>
        answer(req, res, body).catch((error: unknown) =>
          reply(res, 500, "InternalException", error),
        ),
      () => reply(res, 413, "ValidationException", "Request body too large"),
    );
  });

  async function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (req.method !== "POST" || req.headers["x-amz-target"] !== "AWSEvents.PutEvents") {
      return reply(res, 400, "UnknownOperationException", "Only PutEvents is served here");
    }
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(
      req.headers.authorization ?? "",
    );
    const accessKeyId = scope?.[1] ?? null;
    if (options.accessKeys !== undefined) {
      const signed =
        scope?.[3] === "events" && (await hasValidSigV4(req, options.accessKeys, body));
      if (!signed) return reply(res, 400, "InvalidSignatureException", "Signature mismatch");
    }
    const call = calls.length + 1;
    if (requestFailures !== null && requestFailures.remaining > 0) {
      requestFailures.remaining--;
      calls.push({ entries: [], accessKeyId, status: requestFailures.status, failedEntryCount: 0 });
      return reply(res, requestFailures.status, "InternalException", "Injected failure");
    }
    const request = JSON.parse(body.toString("utf8")) as { Entries?: ReceivedEntry[] };
    const entries = Array.isArray(request.Entries) ? request.Entries : [];
    const invalid =
      entries.length === 0 || entries.length > MAX_ENTRIES
        ? `Entries must hold 1 to ${MAX_ENTRIES} items, not ${entries.length}`
        : entries.reduce((sum, entry) => sum + entrySize(entry), 0) >= MAX_REQUEST_ENTRY_BYTES
          ? "Total size of the entries in the request is over the limit"
          : null;
    if (invalid !== null) {
      calls.push({ entries, accessKeyId, status: 400, failedEntryCount: 0 });
      return reply(res, 400, "ValidationException", invalid);
    }
    const region = scope?.[2] ?? "us-east-1";
    const accepted: BusEvent[] = [];
    const results = entries.map((entry, index) => {
      const refused = refusal(entry) ?? fault?.(entry, call, index) ?? null;
      if (refused !== null) return { ErrorCode: refused, ErrorMessage: messageOf(refused) };
      const event: BusEvent = {
        version: "0",
        id: randomUUID(),
        "detail-type": entry.DetailType as string,
        source: entry.Source as string,
        account,
        time: new Date(entry.Time === undefined ? Date.now() : entry.Time * 1000)
          .toISOString()
          .replace(/\.\d{3}Z$/, "Z"),
        region,
        resources: entry.Resources ?? [],
        detail: JSON.parse(entry.Detail as string) as Record<string, unknown>,
        bus: entry.EventBusName ?? "default",
      };
      accepted.push(event);
      return { EventId: event.id };
    });
    const failedEntryCount = results.filter((result) => "ErrorCode" in result).length;
    calls.push({ entries, accessKeyId, status: 200, failedEntryCount });
    events.push(...accepted);
    if (accepted.length > 0) options.onEvents?.(accepted);
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(JSON.stringify({ FailedEntryCount: failedEntryCount, Entries: results }));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    /** The export's settings for this bus. */
    env: (bus = "default"): Record<string, string> => ({
      EVENT_BUS_NAME: bus,
      EVENTBRIDGE_ENDPOINT: url,
    }),
    /** Every event accepted so far, in the order accepted. */
    events: (): BusEvent[] => [...events],
    /** Every PutEvents call so far. */
    calls: (): PutEventsCall[] => [...calls],
    /** Answers entries as `fault` says from now on (null: accept all). */
    failEntries(next: EntryFault | null): void {
      fault = next;
    },
    /** Answers the next `count` calls with `status` and no entry results. */
    failRequests(count: number, status = 500): void {
      requestFailures = { remaining: count, status };
    },
    /** Forgets the events and calls so far (and any fault). */
    reset(): void {
      events.length = 0;
      calls.length = 0;
      fault = null;
      requestFailures = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type EventBus = Awaited<ReturnType<typeof startEventBus>>;

/** The entry size EventBridge counts (user guide, "Calculating PutEvents event entry size"). */
function entrySize(entry: ReceivedEntry): number {
  const bytes = (text: unknown) => (typeof text === "string" ? Buffer.byteLength(text) : 0);
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

/** Why EventBridge would fail an entry on its own (API reference, PutEventsResultEntry), or null. */
function refusal(entry: ReceivedEntry): string | null {
  if (
    typeof entry.Source !== "string" ||
    typeof entry.DetailType !== "string" ||
    typeof entry.Detail !== "string"
  ) {
    return "InvalidArgument";
  }
  if (entry.Source.startsWith("aws.")) return "NotAuthorizedForSourceException";
  try {
    const detail: unknown = JSON.parse(entry.Detail);
    return detail !== null && typeof detail === "object" && !Array.isArray(detail)
      ? null
      : "MalformedDetail";
  } catch {
    return "MalformedDetail";
  }
}

function messageOf(code: string): string {
  switch (code) {
    case "InvalidArgument":
      return "Parameters Source, DetailType and Detail are required";
    case "MalformedDetail":
      return "Detail is malformed";
    case "NotAuthorizedForSourceException":
      return "Not authorized for the source";
    default:
      return `Injected ${code}`;
  }
}

function reply(res: ServerResponse, status: number, type: string, message: unknown): void {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  res.end(JSON.stringify({ __type: type, message: String(message) }));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
