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
