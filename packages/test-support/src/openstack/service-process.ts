import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";

/** How much of a service's output is kept for the error that says why it did not start. */
const LOG_TAIL_CHARS = 8_000;
/** How long a stopped service has to exit before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * One server process of a real service (a Swift server, Glance), started as a plain process and
 * stopped by its PID: the Swift servers call `setsid`, so its process group is not the test's.
 * Its output is kept (the tail) for the error that says why it did not come up.
 */
export class ServiceProcess {
  readonly #child: ChildProcess;
  #log = "";
  #exit: Promise<number | null>;
  #exited = false;

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
  ) {
    this.#child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      this.#log = (this.#log + chunk.toString("utf8")).slice(-LOG_TAIL_CHARS);
    };
    this.#child.stdout?.on("data", keep);
    this.#child.stderr?.on("data", keep);
    this.#exit = new Promise((resolve) => {
      this.#child.once("exit", (code) => {
        this.#exited = true;
        resolve(code);
      });
      this.#child.once("error", (error) => {
        keep(Buffer.from(String(error)));
        this.#exited = true;
        resolve(null);
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The tail of what it printed. */
  log(): string {
    return this.#log;
  }

  /** Resolves when it exits (with its code), for a readiness wait to fail fast on. */
  exited(): Promise<number | null> {
    return this.#exit;
  }

  /**
   * Resolves once `ready()` says so (asked again after each answer, with a short pause);
   * throws with the service's log if it exits first or `timeoutMs` passes.
   */
  async waitUntil(ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let failed = false;
    void this.#exit.then(() => {
      failed = true;
    });
    while (!failed) {
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) break;
      await Promise.race([this.#exit, settleSoon()]);
    }
    throw new Error(
      `${this.name} did not come up (${this.#exited ? "it exited" : `not ready in ${timeoutMs} ms`}):\n${this.#log}`,
    );
  }

  /** SIGTERM, then SIGKILL if it has not exited after a grace period. Never throws. */
  async stop(): Promise<void> {
    if (this.#exited || this.#child.pid === undefined) return;
    signal(this.#child.pid, "SIGTERM");
    const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
    if ((await Promise.race([this.#exit.then(() => "exited"), grace])) !== "exited") {
      signal(this.#child.pid, "SIGKILL");
      await this.#exit;
    }
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** The next readiness check comes after the event loop has had a turn of I/O. */
function settleSoon(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

/** Whether a TCP connection to `port` on loopback is accepted. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
