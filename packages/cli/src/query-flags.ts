import { Option } from "commander";
import type * as z from "zod";

/** The flag of a query parameter: its name in kebab case (`fitsDisk` → `--fits-disk`). */
export function flagOf(param: string): string {
  return `--${param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * One flag per query parameter of an API route, named as the parameter in kebab case, with the
 * parameter's own description and example (the same zod schemas as the API and its OpenAPI
 * document). Every flag may be repeated: repeats are joined into one comma list, or, for the
 * filters that are given once per value (`--property`, `--tag`), kept apart.
 */
export function queryFlags(
  parameters: Record<string, z.ZodType>,
  skip: readonly string[],
): Option[] {
  return Object.entries(parameters)
    .filter(([param]) => !skip.includes(param))
    .map(([param, schema]) => {
      const meta = (schema.meta() ?? {}) as { description?: string; example?: unknown };
      const example = meta.example === undefined ? "" : ` (e.g. ${String(meta.example)})`;
      return new Option(
        `${flagOf(param)} <value>`,
        `${meta.description ?? ""}${example}`,
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    });
}

/**
 * The flags given, as the query string the route parses (so that the command and the API
 * validate alike): repeats of a `multiValue` parameter stay separate, others join with commas.
 */
export function queryOf(
  options: Record<string, unknown>,
  parameters: Record<string, z.ZodType>,
  multiValue: ReadonlySet<string>,
): URLSearchParams {
  const query = new URLSearchParams();
  for (const param of Object.keys(parameters)) {
    const values = options[param];
    if (!Array.isArray(values)) continue;
    if (multiValue.has(param)) for (const value of values) query.append(param, String(value));
    else query.set(param, values.join(","));
  }
  return query;
}
