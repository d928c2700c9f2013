import type { Writable } from "node:stream";
import { terminalText } from "./terminal-text.ts";

/** Output is handed to the stream in chunks of about this size, so a million rows never make one string. */
const CHUNK = 64 * 1024;

/**
 * The command's data output (stdout): text is gathered into chunks and written with the stream's
 * back-pressure. A reader that goes away (`| head`) ends the output quietly, as Unix tools do.
 * On a terminal (`toTerminal`) every control a terminal would act on is shown as `�`
 * ({@link terminalText}), whatever the format: a table, CSV or JSON read by a person. Piped, the
 * output stays byte for byte what the format says.
 */
export class StdoutWriter {
  #pending = "";
  #closed = false;
  readonly #toTerminal: boolean;

  constructor(
    private readonly stream: Writable,
    options: { toTerminal?: boolean } = {},
  ) {
    this.#toTerminal = options.toTerminal ?? false;
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      this.#closed = true;
    });
  }

  /** Whether the reader has gone: nothing more need be made. */
  get closed(): boolean {
    return this.#closed;
  }

  async write(text: string): Promise<void> {
    this.#pending += text;
    if (this.#pending.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    const text = this.#toTerminal ? terminalText(this.#pending) : this.#pending;
    this.#pending = "";
    if (text === "" || this.#closed) return;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off("drain", done);
          this.stream.off("close", done);
          resolve();
        };
        this.stream.on("drain", done);
        this.stream.on("close", done);
      });
    }
  }
}
