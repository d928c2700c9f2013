import { createServer, type IncomingHttpHeaders, request } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { trustedHeaders } from "./glance.ts";

/** Headers only keystonemiddleware may set: a caller's own are dropped, as it drops them. */
const TRUSTED_HEADER =
  /^x-(identity-status|project-|user-|roles|service-|domain-|tenant|auth-token$)/i;

/**
 * NHN's identity in front of a real Glance: what keystonemiddleware does in NHN's deployment.
 * Each request's `X-Auth-Token` is looked up with the issuer it {@link trust}s (the simulator's
 * Keystone v2); a valid token's request goes on to Glance with its project's trusted headers,
 * anything else is Glance's 401. The simulator's catalog names this gateway as the `image`
 * endpoint, so the client under test speaks exactly what it speaks to NHN.
 *
 * @example
 * const gateway = await startGlanceGateway(glance.url);
 * const sim = await startSimulator({ imageEndpoints: { KR1: gateway.url } });
 * gateway.trust((token) => sim.projectOfToken(token));
 */
export async function startGlanceGateway(glanceUrl: string) {
  let projectOf: (token: string) => string | null = () => null;
  const target = new URL(glanceUrl);
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const token = req.headers["x-auth-token"];
    const project = typeof token === "string" ? projectOf(token) : null;
    if (project === null) {
      req.resume();
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(
        "401 Unauthorized: This server could not verify that you are authorized to access the document you requested.",
      );
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...untrusted(req.headers), ...trustedHeaders({ project }), host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** The image endpoint to put in the catalog (it ends before `/v2`). */
    url,
    /** Requests received so far. */
    requests: () => requests,
    /** Takes the tokens `issuer` says are valid, for the project it names. */
    trust(issuer: (token: string) => string | null) {
      projectOf = issuer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function untrusted(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !TRUSTED_HEADER.test(name)));
}
