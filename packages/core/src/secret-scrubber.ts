import { NhnImagesError, scrubErrorText } from "./errors.ts";
import type { CoreLogger } from "./logger.ts";

const REDACTED = "[redacted]";
/** Tokens are renewed every few hours; a client never holds more than a few of them live. */
const MAX_SECRETS = 64;

/**
 * The one place upstream-derived text is made safe to show: every live secret (the password,
 * the Secret Access Key, a ready token, each token issued) is replaced by `[redacted]` — as it
 * is, JSON-escaped and URL-encoded — and control characters other than tab and
 * newline become spaces (errors cut what they carry once it is scrubbed, see `scrubWith`). The client passes every error it throws and every line it logs
 * through one of these, so an upstream that echoes a secret (a v1 `resultMessage`, a property
 * key, an invalid header value in undici's message) cannot leak it.
 */
export class SecretScrubber {
  readonly #secrets: string[] = [];
  /** What is replaced: each secret as it is, JSON-escaped and URL-encoded, longest first. */
  #forms: string[] = [];

  /** Knows `secret` from now on. */
  add(secret: string): void {
    if (secret === "" || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    if (this.#secrets.length > MAX_SECRETS) this.#secrets.shift();
    const forms = this.#secrets.flatMap((s) => [
      s,
      JSON.stringify(s).slice(1, -1),
      encodeURIComponent(s),
    ]);
    // Longest first: a secret that contains another is replaced whole.
    this.#forms = [...new Set(forms)].sort((a, b) => b.length - a.length);
  }

  /** `text` without any live secret and without control characters. */
  scrub = (text: string): string => {
    let clean = text;
    for (const form of this.#forms) {
      if (clean.includes(form)) clean = clean.split(form).join(REDACTED);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    return clean.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, " ");
  };

  /** The error with every text it carries scrubbed (in place); anything thrown that is not an Error becomes one. */
  scrubError(error: unknown): Error {
    if (error instanceof NhnImagesError) return error.scrubWith(this.scrub);
    if (error instanceof Error) {
      scrubErrorText(error, this.scrub);
      return error;
    }
    return new NhnImagesError(this.scrub(String(error)));
  }

  /** A logger that scrubs every string it is given (message and values, nested) before `inner` sees it. */
  logger(inner: CoreLogger): CoreLogger {
    const clean = (extra: Record<string, unknown>) =>
      this.#scrubValue(extra, 0) as Record<string, unknown>;
    return {
      debug: (message, extra) => inner.debug(this.scrub(message), clean(extra)),
      info: (message, extra) => inner.info(this.scrub(message), clean(extra)),
      warn: (message, extra) => inner.warn(this.scrub(message), clean(extra)),
    };
  }

  #scrubValue(value: unknown, depth: number): unknown {
    if (typeof value === "string") return this.scrub(value);
    if (value instanceof Error) return this.scrubError(value);
    if (typeof value !== "object" || value === null || depth > 5) return value;
    if (Array.isArray(value)) return value.map((item) => this.#scrubValue(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[this.scrub(key)] = this.#scrubValue(item, depth + 1);
    }
    return copy;
  }
}
