import { readFile } from 'node:fs/promises';

import { createLocalJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

import { ROLES } from '../../domain/shared/actor.js';
import { CodedError } from '../../domain/shared/coded-error.js';
import type { AuthConfig } from '../../config/keytrail-config.js';
import { isVendor, type Principal } from './principal.js';
import { DEFAULT_TOKEN_LIFETIMES, lifetimeS, maxLifetimeS } from './token-lifetime.js';

export class AuthenticationError extends CodedError {
  constructor(
    code:
      | 'AUTH.MISSING_TOKEN'
      | 'AUTH.INVALID_TOKEN'
      | 'AUTH.TOKEN_EXPIRED'
      | 'AUTH.TOKEN_LIFETIME_TOO_LONG',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, 401, message, details);
  }
}

type RoleName = (typeof ROLES)[number];
const isRole = (value: unknown): value is RoleName =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** Tokens verified lately, so that a client's every request does not pay for the signature again. */
const CACHED_TOKENS = 10_000;

/** Verifies bearer JWTs against the configured keys; the role comes only from a verified token. */
export class TokenVerifier {
  /** The exact token text → who it names and until when (ms); only tokens that verified. */
  private readonly verified = new Map<string, { principal: Principal; untilMs: number }>();

  private constructor(
    private readonly secrets: readonly Uint8Array[],
    private readonly jwks: ReturnType<typeof createLocalJWKSet> | null,
    private readonly config: AuthConfig,
  ) {}

  static async create(config: AuthConfig): Promise<TokenVerifier> {
    const jwks = config.jwksFile
      ? createLocalJWKSet(JSON.parse(await readFile(config.jwksFile, 'utf8')) as never)
      : null;
    const secrets = config.hmacSecrets.map((s) => new TextEncoder().encode(s));
    return new TokenVerifier(secrets, jwks, config);
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(
      authorization ?? '',
    );
    if (!authorization)
      throw new AuthenticationError('AUTH.MISSING_TOKEN', 'A bearer token is required');
    if (!match)
      throw new AuthenticationError(
        'AUTH.INVALID_TOKEN',
        'The Authorization header is not a bearer JWT',
      );
    const token = match[1]!;
    const cached = this.verified.get(token);
    if (cached && Date.now() < cached.untilMs) return cached.principal;
    this.verified.delete(token);
    const payload = await this.verifySignature(token);
    if (typeof payload.sub !== 'string' || !SUBJECT.test(payload.sub)) {
      throw new AuthenticationError('AUTH.INVALID_TOKEN', 'The token has no valid subject');
    }
    if (!isRole(payload.role)) {
      throw new AuthenticationError('AUTH.INVALID_TOKEN', 'The token has no known role');
    }
    // Only a connector is bound to a carmaker; one without a valid vendor is refused by the guard.
    const principal: Principal =
      payload.role === 'oem-connector' && isVendor(payload.vendor)
        ? { id: payload.sub, role: payload.role, vendor: payload.vendor }
        : { id: payload.sub, role: payload.role };
    this.refuseLongLived(payload as JWTPayload & { exp: number }, principal);
    // exp is required, and verified to be in the future; past it, the token is verified (and refused) again.
    if (this.verified.size >= CACHED_TOKENS)
      this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, untilMs: payload.exp! * 1000 });
    return principal;
  }

  /** A genuine token that lives longer than its role may (an `exp` in 2100) is refused all the same. */
  private refuseLongLived(payload: JWTPayload & { exp: number }, principal: Principal): void {
    const maxS = maxLifetimeS(principal.role, this.config.maxLifetimes ?? DEFAULT_TOKEN_LIFETIMES);
    const lifetime = lifetimeS(payload.exp, payload.iat, Math.floor(Date.now() / 1000));
    if (lifetime > maxS)
      throw new AuthenticationError(
        'AUTH.TOKEN_LIFETIME_TOO_LONG',
        `A ${principal.role} token may live at most ${maxS} s (exp − iat); this one lives ${lifetime} s`,
        { maxLifetimeS: maxS, role: principal.role },
      );
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      requiredClaims: ['exp', 'sub'],
    };
    let failure: unknown = new AuthenticationError(
      'AUTH.INVALID_TOKEN',
      'No key can verify the token',
    );
    const attempts = [
      ...(this.jwks
        ? [
            () =>
              jwtVerify(token, this.jwks!, { ...options, algorithms: ['EdDSA', 'ES256', 'RS256'] }),
          ]
        : []),
      ...this.secrets.map(
        (secret) => () => jwtVerify(token, secret, { ...options, algorithms: ['HS256'] }),
      ),
    ];
    for (const attempt of attempts) {
      try {
        return (await attempt()).payload;
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new AuthenticationError('AUTH.TOKEN_EXPIRED', 'The token has expired');
        }
        failure = error;
      }
    }
    throw failure instanceof AuthenticationError
      ? failure
      : new AuthenticationError('AUTH.INVALID_TOKEN', 'The token does not verify');
  }
}
