import type { Config } from "../config.ts";
import { NhnImagesError, UpstreamAuthError, UpstreamError } from "../errors.ts";
import { parseAt } from "../normalise.ts";
import { KeystoneTokenResponse, V1TokenResponse } from "../schemas/upstream.ts";
import type { Secret } from "../secret.ts";
import { parseTimestamp } from "../timestamp.ts";
import type { Transport } from "./transport.ts";
import { failureFromV1Header, isV1AuthFailure } from "./v1-result.ts";

/** Gives the token to put in `X-Auth-Token`. */
export interface TokenProvider {
  /** A valid token, issued (once, shared by concurrent callers) when none is cached. */
  getToken(): Promise<string>;
  /** Forgets `token` after upstream refused it, so the next `getToken` issues a fresh one. */
  invalidate(token: string): void;
  /** Whether {@link invalidate} can lead to a different token (false for a static token). */
  readonly canRefresh: boolean;
}

export interface IssuedToken {
  readonly id: string;
  /** Epoch ms, or null when upstream did not say. */
  readonly expiresAt: number | null;
}

/** Tokens are renewed this long before they expire. */
export const TOKEN_RENEW_BEFORE_MS = 5 * 60_000;
/** How long a token whose answer names no expiry is used. */
const TOKEN_DEFAULT_LIFETIME_MS = 30 * 60_000;

/** A ready token from `NHN_AUTH_TOKEN`: never issued, never refreshed. */
export function staticTokenProvider(token: Secret): TokenProvider {
  return {
    canRefresh: false,
    getToken: async () => token.reveal(),
    invalidate() {},
  };
}

/**
 * Caches an issued token until {@link TOKEN_RENEW_BEFORE_MS} before it expires; concurrent
 * callers share one in-flight issue.
 */
export class CachingTokenProvider implements TokenProvider {
  readonly canRefresh = true;
  #cached: IssuedToken | null = null;
  #inFlight: Promise<IssuedToken> | null = null;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  async getToken(): Promise<string> {
    const cached = this.#cached;
    if (cached !== null && this.#fresh(cached)) return cached.id;
    this.#inFlight ??= this.issue()
      .then((token) => {
        this.#cached = token;
        return token;
      })
      .finally(() => {
        this.#inFlight = null;
      });
    return (await this.#inFlight).id;
  }

  invalidate(token: string): void {
    if (this.#cached?.id === token) this.#cached = null;
  }

  #fresh(token: IssuedToken): boolean {
    return token.expiresAt === null || this.now() < token.expiresAt - TOKEN_RENEW_BEFORE_MS;
  }
}

/** Builds the token provider that `config.credentials` calls for. */
export function createTokenProvider(config: Config, transport: Transport): TokenProvider {
  const { credentials } = config;
  if (credentials.kind === "token") return staticTokenProvider(credentials.token);
  if (!("reveal" in credentials.password)) {
    throw new NhnImagesError(
      "The API password is still an SSM parameter name: resolve it with withApiPassword() first",
    );
  }
  const password = credentials.password;
  const now = transport.now;
  const expiry = (expires: string | null | undefined): number =>
    (expires == null ? null : parseTimestamp(expires)) ?? now() + TOKEN_DEFAULT_LIFETIME_MS;

  if (config.apiVersion === "v1") {
    const appkey = config.appkey ?? "";
    return new CachingTokenProvider(async () => {
      const response = await transport.requestJson({
        method: "POST",
        url: `${config.computeUrl}/v1.0/appkeys/${encodeURIComponent(appkey)}/tokens`,
        body: { auth: { username: credentials.username, password: password.reveal() } },
        operation: "v1 token request",
      });
      if (response.status !== 200) {
        throw new UpstreamError(`v1 token request failed with HTTP ${response.status}`, {
          resultCode: null,
          resultMessage: null,
          httpStatus: response.status,
        });
      }
      const body = parseAt(V1TokenResponse, response.body, "");
      if (!body.header.isSuccessful) {
        const failure = failureFromV1Header(body.header, "v1 token request");
        throw isV1AuthFailure(body.header.resultCode)
          ? new UpstreamAuthError(
              "v1 token request was refused: check NHN_APPKEY, NHN_USERNAME and the API password",
              failure.details,
            )
          : failure;
      }
      if (body.token == null) {
        throw new UpstreamError("v1 token request answered no token", {
          resultCode: body.header.resultCode,
          resultMessage: body.header.resultMessage ?? null,
          httpStatus: response.status,
        });
      }
      return { id: body.token.id, expiresAt: expiry(body.token.expires) };
    }, now);
  }

  return new CachingTokenProvider(async () => {
    const response = await transport.requestJson({
      method: "POST",
      url: `${config.identityUrl}/tokens`,
      body: {
        auth: {
          tenantId: credentials.tenantId ?? "",
          passwordCredentials: { username: credentials.username, password: password.reveal() },
        },
      },
      operation: "Keystone token request",
    });
    if (response.status === 401 || response.status === 403) {
      throw new UpstreamAuthError(
        `Keystone refused the credentials (HTTP ${response.status}): check NHN_TENANT_ID, NHN_USERNAME and the API password`,
        { resultCode: null, resultMessage: null, httpStatus: response.status },
      );
    }
    if (response.status >= 400) {
      throw new UpstreamError(`Keystone token request failed with HTTP ${response.status}`, {
        resultCode: null,
        resultMessage: null,
        httpStatus: response.status,
      });
    }
    const body = parseAt(KeystoneTokenResponse, response.body, "");
    return { id: body.access.token.id, expiresAt: expiry(body.access.token.expires) };
  }, now);
}
