import type { GatewayRequest } from "./event.ts";

export type Route =
  | { readonly name: "list" }
  | { readonly name: "get"; readonly id: string }
  | { readonly name: "history"; readonly id: string }
  | { readonly name: "snapshots" }
  | { readonly name: "changes" }
  | { readonly name: "latest" }
  | { readonly name: "families" }
  | { readonly name: "openapi" };

const FIXED_ROUTES: Readonly<Record<string, Route>> = {
  images: { name: "list" },
  snapshots: { name: "snapshots" },
  changes: { name: "changes" },
  // Before /images/{id}: `latest` is this route, never an image id.
  "images/latest": { name: "latest" },
  families: { name: "families" },
  "openapi.json": { name: "openapi" },
};

/**
 * Which of our routes a request is for: by the gateway's route template when it names one of
 * ours, else (a catch-all such as `/{proxy+}` or `$default`) by the path's last segments, so a
 * stage or base-path prefix does not hide it.
 */
export function routeOf(request: GatewayRequest): Route | null {
  const template = request.route.replace(/\/+$/, "");
  const id = request.pathParameters.id;
  const name = template.slice(1);
  if (template.startsWith("/") && Object.hasOwn(FIXED_ROUTES, name)) {
    return FIXED_ROUTES[name] as Route;
  }
  if (template === "/images/{id}" && id !== undefined) return { name: "get", id };
  if (template === "/images/{id}/history" && id !== undefined) return { name: "history", id };
  const path = request.path.replace(/\/+$/, "");
  if (/(?:^|\/)images\/latest$/.test(path)) return FIXED_ROUTES["images/latest"] as Route;
  const history = /(?:^|\/)images\/([^/]+)\/history$/.exec(path);
  if (history !== null) return { name: "history", id: decoded(history[1] as string) };
  const image = /(?:^|\/)images\/([^/]+)$/.exec(path);
  if (image !== null) return { name: "get", id: decoded(image[1] as string) };
  const last = /(?:^|\/)([^/]+)$/.exec(path)?.[1];
  if (last !== undefined && Object.hasOwn(FIXED_ROUTES, last)) return FIXED_ROUTES[last] as Route;
  return null;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
