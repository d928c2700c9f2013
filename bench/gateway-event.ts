/** An API Gateway HTTP API (2.0) GET event for `path?query`, asking for JSON: what the bench sends. */
export function gatewayGet(path: string, query: string) {
  return {
    version: "2.0",
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: query,
    headers: { accept: "application/json" },
    requestContext: { requestId: "bench", http: { method: "GET" } },
  };
}

/** A logger that drops every line: the bench times the handler, not its log. */
export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };
