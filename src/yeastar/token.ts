import type { Logger } from 'pino';
import { PartnerApiError } from './errors';
import type { Transport } from './http';
import type { Redactor } from './redactor';
import { type RetrySettings, retryPolicy } from './retry';
import { type TokenDetails, tokenSchema } from './schemas';

export const TOKEN_PATH = '/auth/openapi/v1/oauth/token';
export const TOKEN_ENDPOINT = `POST ${TOKEN_PATH}`;

/** A failure of the token call itself (as opposed to a call that needed the token). */
export function isTokenFailure(err: unknown): boolean {
  return err instanceof PartnerApiError && err.endpoint === TOKEN_ENDPOINT;
}

/** How long a token of `lifetimeMs` is used before it is renewed: up to a minute before expiry, or a tenth of a short lifetime. */
export function tokenServesMs(lifetimeMs: number): number {
  return lifetimeMs - Math.min(60_000, lifetimeMs / 10);
}

export interface TokenManagerOptions {
  transport: Transport;
  clientId: string;
  clientSecret: string;
  redactor: Redactor;
  retry: RetrySettings;
  /** Limit of one token request attempt. */
  timeoutMs: number;
  logger: Logger;
}

interface Session {
  authorization: string;
  /** Absent when the token answer carried none: renewal then uses the credentials. */
  refreshToken?: string;
  renewAt: number;
}

/** The documented grant: `grant_type=pp_credentials` with the portal's client ID and secret. */
function credentialsGrant(clientId: string, clientSecret: string): Record<string, string> {
  return { client_id: clientId, client_secret: clientSecret, grant_type: 'pp_credentials' };
}

/**
 * [RECON] The Refresh Access Token page is not public: only its method and path (the token call's) are.
 * This is the form Yeastar's other OAuth APIs use, plus the client credentials in case they are required.
 * If it is wrong, the refresh fails and the manager falls back to a credentials grant: one extra call.
 */
function refreshGrant(clientId: string, clientSecret: string, refreshToken: string): Record<string, string> {
  return {
    client_id: clientId,
    client_secret: clientSecret,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  };
}

/** `tokenHead` is documented as "Bearer", with or without a trailing space: normalise to one space. */
function authorizationHeader(details: TokenDetails): string {
  const head = details.tokenHead.trim() || 'Bearer';
  return `${head} ${details.token}`;
}

/**
 * Holds the Partner API access token: gets one on first use, renews it shortly before it expires (with
 * the refresh token, falling back to the credentials), and shares one in-flight request among all callers.
 */
export class TokenManager {
  private session?: Session;
  private inFlight?: Promise<Session>;

  constructor(private readonly options: TokenManagerOptions) {}

  /** The value for the `Authorization` header, renewing the token first if it is due. */
  async authorization(): Promise<string> {
    const session = this.session;
    if (session && Date.now() < session.renewAt) return session.authorization;
    this.inFlight ??= this.renew(session).finally(() => {
      this.inFlight = undefined;
    });
    return (await this.inFlight).authorization;
  }

  /**
   * The API refused `rejected` (a 401): forget the session so the next caller starts a fresh one. A
   * header that is already stale is ignored, so twenty callers hit by one expiry cause one renewal.
   */
  invalidate(rejected: string): void {
    if (this.session?.authorization === rejected) this.session = undefined;
  }

  /**
   * Renews the session with its refresh token now, with no fallback to the credentials, so the refresh
   * grant itself is tried (npm run doctor). Throws what the API answered.
   */
  async refreshNow(): Promise<void> {
    await this.authorization();
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken)
      throw new Error('the token answer carried no refresh token: renewal uses the credentials');
    const { clientId, clientSecret } = this.options;
    await this.request(refreshGrant(clientId, clientSecret, refreshToken), 'refresh');
  }

  private async renew(previous: Session | undefined): Promise<Session> {
    const { clientId, clientSecret, logger } = this.options;
    if (previous?.refreshToken) {
      try {
        return await this.request(refreshGrant(clientId, clientSecret, previous.refreshToken), 'refresh');
      } catch (err) {
        logger.debug(
          { reason: err instanceof Error ? err.name : 'unknown' },
          'token refresh failed, requesting a new one',
        );
      }
    }
    return this.request(credentialsGrant(clientId, clientSecret), 'credentials');
  }

  private async request(form: Record<string, string>, grant: string): Promise<Session> {
    const { transport, redactor, retry, timeoutMs, logger } = this.options;
    const requestedAt = Date.now();
    const policy = retryPolicy({ settings: retry, endpoint: TOKEN_ENDPOINT, logger });
    const details = await policy.execute(() =>
      transport.send({ method: 'POST', path: TOKEN_PATH, form, timeoutMs, withholdBody: true }, tokenSchema),
    );
    redactor.remember(details.token, details.refreshToken ?? '');
    // Counted from when the request left, so a slow answer cannot make us trust a token too long.
    const lifetimeMs = details.expiresIn * 1000;
    const session: Session = {
      authorization: authorizationHeader(details),
      refreshToken: details.refreshToken,
      renewAt: requestedAt + tokenServesMs(lifetimeMs),
    };
    this.session = session;
    logger.debug({ grant, expiresInSeconds: details.expiresIn }, 'partner api token obtained');
    return session;
  }
}
