import { ConfigError, QueryError } from "@nhn-images/core";
import { CommanderError } from "commander";

/** The exit codes of DESIGN.md: 0 done, 1 a runtime or upstream failure, 2 a usage error. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A flag or argument the command cannot use; the message names it. Exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A message is one line of at most this many characters: an error is for people, not bodies. */
const MAX_MESSAGE = 400;

/**
 * The exit code of a failure: a usage error (a flag, an argument or a setting that cannot work
 * as given) is 2, anything that went wrong while running (upstream, the store, a missing
 * snapshot) is 1.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof QueryError) return EXIT_USAGE;
  if (error instanceof ConfigError) return EXIT_USAGE;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  return EXIT_FAILURE;
}

/**
 * The failure as one readable line: a query problem names the flag it came from (`flagOf` maps
 * a query parameter to its flag), a setting names its variable, anything else is its message.
 */
export function describeError(error: unknown, flagOf: (param: string) => string): string {
  if (error instanceof QueryError) {
    return error.issues.map((issue) => `${flagOf(issue.param)} ${issue.message}`).join("; ");
  }
  if (error instanceof ConfigError) {
    return error.issues.map((issue) => `${issue.param} ${issue.message}`).join("; ");
  }
  if (error instanceof CommanderError) return oneLine(error.message.replace(/^error: /, ""));
  const text = error instanceof Error ? error.message : String(error);
  return oneLine(text);
}

/** Text on one line, cut to {@link MAX_MESSAGE} characters. */
export function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
