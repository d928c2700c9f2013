/** One line a {@link recordingLogger} kept. */
export interface LoggedLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly extra: Record<string, unknown>;
}

/** A logger that keeps every line, to assert on what was (or was not) logged. */
export function recordingLogger() {
  const lines: LoggedLine[] = [];
  const log =
    (level: LoggedLine["level"]) =>
    (message: string, extra: Record<string, unknown> = {}) => {
      lines.push({ level, message, extra });
    };
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
