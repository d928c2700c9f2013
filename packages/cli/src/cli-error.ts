import {
  ConfigError,
  IMAGE_QUERY_PARAMETERS,
  ImageConflictError,
  QueryError,
} from "@nhn-images/core";
import { CHANGES_QUERY_PARAMETERS } from "@nhn-images/inventory";
import { CommanderError } from "commander";
import { oneLine } from "./one-line.ts";
import { flagOf } from "./query-flags.ts";

/** The query parameters the commands take as flags, as a message may name them. */
const PARAMETERS = new Set([
  ...Object.keys(IMAGE_QUERY_PARAMETERS),
  ...Object.keys(CHANGES_QUERY_PARAMETERS),
]);

/** The exit codes of DESIGN.md: 0 done, 1 a runtime or upstream failure, 2 a usage error. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A flag or argument the command cannot use; the message names it. Exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * The exit code of a failure: a usage error (a flag, an argument or a setting that cannot work
 * as given) is 2, anything that went wrong while running (upstream, the store, a missing
 * snapshot) is 1.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof QueryError) return EXIT_USAGE;
  // An id in several regions: the command needs --region, like any flag it lacks.
  if (error instanceof ConfigError || error instanceof ImageConflictError) return EXIT_USAGE;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  return EXIT_FAILURE;
}

/**
 * The failure as one readable line: a query problem names the flags it came from (the API's
 * parameter names, in its message too, become the flags), a setting names its variable,
 * anything else is its message.
 */
export function describeError(error: unknown): string {
  if (error instanceof QueryError) {
    const flags = (text: string) =>
      text.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (word) =>
        PARAMETERS.has(word) ? flagOf(word) : word,
      );
    return oneLine(
      error.issues.map((issue) => `${flagOf(issue.param)} ${flags(issue.message)}`).join("; "),
    );
  }
  if (error instanceof ConfigError) {
    return error.issues.map((issue) => `${issue.param} ${issue.message}`).join("; ");
  }
  if (error instanceof CommanderError) return oneLine(error.message.replace(/^error: /, ""));
  if (error instanceof ImageConflictError) {
    return `${error.message.replace(/: pick one with region$/, "")}: give --region`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return oneLine(text);
}
