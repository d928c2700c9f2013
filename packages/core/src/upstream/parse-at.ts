import type * as z from "zod";
import { UpstreamSchemaError } from "../errors.ts";

/**
 * Parses `raw` with `schema`, turning zod's issues into an {@link UpstreamSchemaError} that
 * names each JSON path under `path` (`images[3].created_at`).
 */
export function parseAt<S extends z.ZodType>(schema: S, raw: unknown, path: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: jsonPath(path, issue.path),
    message: issue.message,
  }));
  throw new UpstreamSchemaError(
    `Upstream answered an unexpected shape at ${issues.map((i) => i.path).join(", ")}`,
    issues,
    { cause: result.error },
  );
}

function jsonPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    path +=
      typeof segment === "number"
        ? `[${segment}]`
        : path === ""
          ? String(segment)
          : `.${String(segment)}`;
  }
  return path === "" ? "$" : path;
}
