/**
 * The logging the core needs. Powertools' `Logger` satisfies it; tests pass a recorder.
 * The core never logs a token or a password: it has no reason to hold them in a message.
 */
export interface CoreLogger {
  debug(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

/** A logger that drops everything: the default when none is given. */
export const silentLogger: CoreLogger = {
  debug() {},
  info() {},
  warn() {},
};
