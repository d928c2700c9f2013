import { randomBytes, randomUUID } from "node:crypto";

/** What a token is good for: the v1 API of an appkey, or Glance for a project (v2). */
export type TokenScope =
  | { readonly api: "v1"; readonly appkey: string }
  | { readonly api: "v2"; readonly project: string };

/** A token's check: its scope when it is valid for what is asked. */
export type TokenCheck =
  | { readonly ok: true; readonly scope: TokenScope }
  | { readonly ok: false; readonly reason: "missing" | "expired" };

/** The tokens the simulator has issued, with their scope and expiry. */
export class TokenStore {
  readonly #tokens = new Map<string, { scope: TokenScope | "any"; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    /** The scope a ready token (`staticTokens`) stands for over v2. */
    private readonly staticProject: string,
  ) {}

  /** Issues a token: Keystone's are 32 hex digits, v1's a UUID (as the guides show them). */
  issue(scope: TokenScope): { id: string; issuedAt: number; expiresAt: number } {
    const id = scope.api === "v1" ? randomUUID() : randomBytes(16).toString("hex");
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.ttlMs;
    this.#tokens.set(id, { scope, expiresAt });
    return { id, issuedAt, expiresAt };
  }

  /** Every token issued so far, for tests that prove none of them leaked. */
  issued(): string[] {
    return [...this.#tokens.keys()];
  }

  /** Accepts `token` for either API from the start, as if issued and never expiring. */
  accept(token: string): void {
    this.#tokens.set(token, { scope: "any", expiresAt: Number.POSITIVE_INFINITY });
  }

  /** Whether `token` may call `api` (and, for v1, the appkey `appkey`). */
  check(token: unknown, api: "v1" | "v2", appkey?: string): TokenCheck {
    if (typeof token !== "string") return { ok: false, reason: "missing" };
    const entry = this.#tokens.get(token);
    if (entry === undefined) return { ok: false, reason: "missing" };
    const scope: TokenScope =
      entry.scope === "any"
        ? api === "v1"
          ? { api: "v1", appkey: appkey ?? "" }
          : { api: "v2", project: this.staticProject }
        : entry.scope;
    if (scope.api !== api || (scope.api === "v1" && scope.appkey !== appkey))
      return { ok: false, reason: "missing" };
    if (this.now() >= entry.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, scope };
  }

  /** The project a v2 (Keystone) token is scoped to while it is valid, else null. */
  projectOf(token: unknown): string | null {
    const check = this.check(token, "v2");
    return check.ok && check.scope.api === "v2" ? check.scope.project : null;
  }

  /** Treats `token` as expired from now on (the `expired-token` fault). */
  expire(token: unknown): void {
    if (typeof token !== "string") return;
    const entry = this.#tokens.get(token);
    if (entry !== undefined) entry.expiresAt = Math.min(entry.expiresAt, this.now());
  }
}

/** `2020-04-29T15:31:21Z`: Keystone's `expires` and v1's `Expires`, as their guides write them. */
export function secondsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2020-04-29T03:32:28.000405`: the guides' `issued_at` (microseconds, no zone). */
export function microsecondsTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, -1)}000`;
}
