import type { CoreLogger } from "@nhn-images/core";

/** The logging the handler does; Powertools' Logger fits. */
export interface HandlerLogger extends CoreLogger {
  error(message: string, extra: Record<string, unknown>): void;
}

export interface ListImagesDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: HandlerLogger;
  /** Reads an SSM SecureString (the API password when `NHN_API_PASSWORD_PARAM` is set); SSM by default. */
  readonly getSecureString?: (name: string) => Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The most snapshot images a container keeps (250,000 by default); a larger snapshot is
   * streamed through each `asOf` request instead of held.
   */
  readonly maxCachedImages?: number;
}
