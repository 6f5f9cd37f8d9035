import { readFile } from 'node:fs/promises';

import { createLocalJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

import { ROLES } from '../../domain/shared/actor.js';
import type { AuthConfig } from '../../config/keytrail-config.js';
import type { Principal } from './principal.js';

export class AuthenticationError extends Error {
  constructor(
    readonly code: 'AUTH.MISSING_TOKEN' | 'AUTH.INVALID_TOKEN' | 'AUTH.TOKEN_EXPIRED',
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

type RoleName = (typeof ROLES)[number];
const isRole = (value: unknown): value is RoleName =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** Verifies bearer JWTs against the configured keys; the role comes only from a verified token. */
export class TokenVerifier {
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
    const payload = await this.verifySignature(match[1]!);
    if (typeof payload.sub !== 'string' || !SUBJECT.test(payload.sub)) {
      throw new AuthenticationError('AUTH.INVALID_TOKEN', 'The token has no valid subject');
    }
    if (!isRole(payload.role)) {
      throw new AuthenticationError('AUTH.INVALID_TOKEN', 'The token has no known role');
    }
    return { id: payload.sub, role: payload.role };
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
