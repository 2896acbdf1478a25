import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ApiError } from './envelope';
import { ACCOUNT } from './seed';

export interface TokenSettings {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

/** Token_Details as the token call answers it (`expiresIn` is a string, as documented). */
export interface TokenDetails {
  token: string;
  tokenHead: 'Bearer';
  expiresIn: string;
  refreshToken: string;
}

type TokenType = 'openapi' | 'refresh';
const AUDIENCE = 'res1';

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message);
}

function expired(message: string): ApiError {
  return new ApiError(401, 'token_expired', message);
}

/** What the API answers for an access token it no longer honours. */
export function accessTokenExpired(): ApiError {
  return expired('access token has expired; request a new one');
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Issues and checks HS256 JWTs shaped like the guide's examples, signed with a key that lives only as
 * long as this process. Messages never quote a token.
 */
export class TokenIssuer {
  private readonly key = randomBytes(32);
  /** jti of every access token still honoured; expireAll() empties it. */
  private readonly liveAccessTokens = new Set<string>();

  constructor(private readonly settings: TokenSettings) {}

  credentialsMatch(clientId: string, clientSecret: string): boolean {
    return (
      sameSecret(clientId, this.settings.clientId) && sameSecret(clientSecret, this.settings.clientSecret)
    );
  }

  issue(): TokenDetails {
    const access = this.sign('openapi', this.settings.accessTokenTtlSeconds);
    this.liveAccessTokens.add(access.jti);
    return {
      token: access.token,
      tokenHead: 'Bearer',
      expiresIn: String(this.settings.accessTokenTtlSeconds),
      refreshToken: this.sign('refresh', this.settings.refreshTokenTtlSeconds).token,
    };
  }

  refresh(refreshToken: string): TokenDetails {
    const claims = this.verify(refreshToken, 'refresh token');
    if (claims.token_type !== 'refresh') throw unauthorized('refresh_token is not a refresh token');
    return this.issue();
  }

  /** Checks an `Authorization` header; throws the 401 the API would answer. */
  authorize(header: string | undefined): void {
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    if (!match?.[1]) throw unauthorized('Authorization header with a Bearer access token is required');
    const claims = this.verify(match[1], 'access token');
    if (claims.token_type !== 'openapi') throw unauthorized('access token is invalid: not an access token');
    if (typeof claims.jti !== 'string' || !this.liveAccessTokens.has(claims.jti)) {
      throw accessTokenExpired();
    }
  }

  expireAll(): void {
    this.liveAccessTokens.clear();
  }

  private sign(type: TokenType, ttlSeconds: number): { token: string; jti: string } {
    const jti = randomBytes(20).toString('base64');
    const payload = {
      aud: [AUDIENCE],
      'X-MS-USER': JSON.stringify({ expr: '0', type: 'partner', ...ACCOUNT }),
      user_name: ACCOUNT.username,
      scope: ['all'],
      token_type: type,
      authorities: ['77'],
      jti,
      client_id: this.settings.clientId,
    };
    const token = jwt.sign(payload, this.key, { algorithm: 'HS256', expiresIn: ttlSeconds });
    return { token, jti };
  }

  private verify(token: string, what: string): jwt.JwtPayload {
    try {
      const claims = jwt.verify(token, this.key, { algorithms: ['HS256'], audience: AUDIENCE });
      if (typeof claims === 'string') throw unauthorized(`${what} is invalid`);
      return claims;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw expired(`${what} has expired`);
      if (error instanceof ApiError) throw error;
      throw unauthorized(`${what} is invalid`);
    }
  }
}
