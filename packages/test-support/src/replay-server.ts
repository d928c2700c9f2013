import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One canned answer: a JSON body (as is) and its status. */
export interface ReplayAnswer {
  readonly status?: number;
  readonly body: unknown;
}

/** A request the replay server received, its JSON body parsed. */
export interface ReplayedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: unknown;
}

/**
 * A tiny HTTP server that answers `METHOD /path` with canned JSON bodies (NHN's documented
 * examples) and records every request, so the real client can be run against exactly what a
 * document shows. A list of answers is served in order, its last one repeated. Unknown routes
 * are 404.
 *
 * @example
 * const replay = await startReplayServer({ "POST /v2.0/tokens": { body: nhnFixture("toast-cloud.public-api.iaas-token.issue-token") } });
 */
export async function startReplayServer(routes: Record<string, ReplayAnswer | ReplayAnswer[]>) {
  const requests: ReplayedRequest[] = [];
  const served = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://replay.local");
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      const method = req.method ?? "GET";
      requests.push({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      const route = `${method} ${url.pathname}`;
      const answers = routes[route];
      const times = served.get(route) ?? 0;
      served.set(route, times + 1);
      const answer = Array.isArray(answers)
        ? answers[Math.min(times, answers.length - 1)]
        : answers;
      const payload = JSON.stringify(answer?.body ?? { error: "no such route" });
      res.writeHead(answer?.status ?? (answer === undefined ? 404 : 200), {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(payload)),
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Routes for a v1 appkey API (the simulator's demo appkey) that issues a token and answers the
 * image list with `list` — for answers the simulator would never give (`images: null`, a page
 * longer than asked).
 */
export function v1ReplayRoutes(
  list: unknown,
  appkey = "demo-appkey",
): Record<string, ReplayAnswer> {
  return {
    [`POST /v1.0/appkeys/${appkey}/tokens`]: {
      body: {
        header: { isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" },
        access: { token: { id: "replay-token", expires: "2099-01-01T00:00:00Z" } },
      },
    },
    [`GET /v1.0/appkeys/${appkey}/images`]: { body: list },
  };
}

/**
 * A `fetch` that sends every https request (to NHN's real hosts, as a service catalog or the
 * documented hosts name them) to the replay server at `replayUrl` instead, recording each origin
 * asked in `asked`; plain http goes where it was sent.
 */
export function fetchAnsweredBy(replayUrl: string, asked: string[]): typeof globalThis.fetch {
  return (input, init) => {
    const url = new URL(String(input));
    if (url.protocol !== "https:") return globalThis.fetch(url, init);
    asked.push(url.origin);
    return globalThis.fetch(`${replayUrl}${url.pathname}${url.search}`, init);
  };
}
