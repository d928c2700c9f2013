import type { Config } from "../config/config.ts";
import { UpstreamSchemaError } from "../errors.ts";
import { isHeaderSafeToken, type Secret } from "../secret.ts";
import type { SecretScrubber } from "../secret-scrubber.ts";
import type { ImageApi, IssuedToken } from "../upstream/image-api.ts";
import type { Transport } from "./transport.ts";

/** Gives the token to put in `X-Auth-Token`, with its service catalog. */
export interface TokenProvider {
  /** A valid token, issued (once, shared by concurrent callers) when none is cached. */
  getToken(): Promise<IssuedToken>;
  /** Forgets `tokenId` after upstream refused it, so the next `getToken` issues a fresh one. */
  invalidate(tokenId: string): void;
  /** Whether {@link invalidate} can lead to a different token (false for a ready token). */
  readonly canRefresh: boolean;
}

/** Tokens are renewed this long before they expire. */
export const TOKEN_RENEW_BEFORE_MS = 5 * 60_000;
/** How long a token whose answer names no expiry is used. */
const TOKEN_DEFAULT_LIFETIME_MS = 30 * 60_000;

/** A ready token from `NHN_AUTH_TOKEN`: never issued, never refreshed, no catalog. */
export function staticTokenProvider(token: Secret): TokenProvider {
  const issued: IssuedToken = { id: token.reveal(), expiresAt: null, catalog: null };
  return {
    canRefresh: false,
    getToken: async () => issued,
    invalidate() {},
  };
}

/**
 * Caches an issued token until {@link TOKEN_RENEW_BEFORE_MS} before it expires (a token whose
 * answer names no expiry is used for 30 minutes); concurrent callers share one in-flight issue.
 */
export class CachingTokenProvider implements TokenProvider {
  readonly canRefresh = true;
  #cached: { token: IssuedToken; expiresAt: number } | null = null;
  #inFlight: Promise<IssuedToken> | null = null;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  async getToken(): Promise<IssuedToken> {
    const cached = this.#cached;
    if (cached !== null && this.now() < cached.expiresAt - TOKEN_RENEW_BEFORE_MS)
      return cached.token;
    this.#inFlight ??= this.issue()
      .then((token) => {
        this.#cached = {
          token,
          expiresAt: token.expiresAt ?? this.now() + TOKEN_DEFAULT_LIFETIME_MS,
        };
        return token;
      })
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }

  invalidate(tokenId: string): void {
    if (this.#cached?.token.id === tokenId) this.#cached = null;
  }
}

/**
 * One token provider per project; a ready token serves every project it is given for. Every
 * token issued is told to `scrubber` before it is used, and one that is not a valid header
 * value is refused (undici's own error would quote it).
 */
export function tokenProviders(
  config: Config,
  api: ImageApi,
  transport: Transport,
  scrubber: SecretScrubber,
): (project: string | null) => TokenProvider {
  const { credentials } = config;
  if (credentials.kind === "token") {
    const provider = staticTokenProvider(credentials.token);
    return () => provider;
  }
  const issue = async (project: string | null): Promise<IssuedToken> => {
    const token = await api.issueToken(transport, project);
    scrubber.add(token.id);
    if (!isHeaderSafeToken(token.id)) {
      throw new UpstreamSchemaError(
        `${api.apiVersion} token request answered a token that is not a valid header value`,
        [{ path: "token.id", message: "must be visible ASCII, spaces only inside" }],
      );
    }
    return token;
  };
  const providers = new Map<string | null, TokenProvider>();
  return (project) => {
    let provider = providers.get(project);
    if (provider === undefined) {
      provider = new CachingTokenProvider(() => issue(project), transport.now);
      providers.set(project, provider);
    }
    return provider;
  };
}
