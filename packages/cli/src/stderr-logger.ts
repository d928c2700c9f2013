import type { ExportLogger } from "@nhn-images/inventory/export";
import { oneLine } from "./one-line.ts";

/**
 * The core's logging on stderr, one line per entry: warnings always, the rest with `--verbose`.
 * Errors are left to the command, which prints the failure once as it exits.
 */
export function stderrLogger(verbose: boolean, write: (line: string) => void): ExportLogger {
  const line = (level: string, message: string, extra: Record<string, unknown>) =>
    write(
      oneLine(
        `${level}: ${message}${Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : ""}`,
      ),
    );
  return {
    debug: (message, extra) => verbose && line("debug", message, extra),
    info: (message, extra) => verbose && line("info", message, extra),
    warn: (message, extra) => line("warning", message, extra),
    error: (message, extra) => verbose && line("error", message, extra),
  };
}
