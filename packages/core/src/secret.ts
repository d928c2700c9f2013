const REDACTED = "[redacted]";

/**
 * A credential (token, password) that cannot leak by accident: `String()`, JSON and
 * `util.inspect` all print `[redacted]`. Only {@link Secret.reveal} gives the value, and only
 * the code that puts it on the wire calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value, for an HTTP header or body. Never log what this returns. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Secret(${REDACTED})`;
  }
}

/**
 * Whether a token can go in an HTTP header as it is: visible ASCII, spaces only inside, at most
 * 8 KiB. Tokens are hex, UUIDs or base64; a CR or LF would split the header (undici refuses it
 * with an error that quotes the value), so such a token is refused before it is sent.
 */
export function isHeaderSafeToken(token: string): boolean {
  return token.length <= 8192 && /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(token);
}
