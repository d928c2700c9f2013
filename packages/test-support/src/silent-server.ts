import { createServer, type Socket } from "node:net";

/** A server that accepts every connection and never answers: a hung dependency. */
export interface SilentServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Connections accepted so far (each attempt of a client opens one, or reuses one). */
  readonly connections: number;
  /** Bytes received so far: the requests were sent, only the answers never come. */
  readonly bytesReceived: number;
  close(): Promise<void>;
}

/**
 * Starts a TCP server on a free loopback port that accepts, reads and never writes: an event
 * bus, an object store or an API that took the connection and hangs. A client without a
 * deadline that aborts waits on it forever.
 */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let bytesReceived = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("data", (chunk) => {
      bytesReceived += chunk.length;
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    get bytesReceived() {
      return bytesReceived;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
