import { SignJWT } from 'jose';

import type { Role } from '../../domain/shared/actor.js';
import type { AuthConfig } from '../../config/keytrail-config.js';

/** Mints an HS256 token with the first configured secret: development and tests only. */
export function mintToken(
  auth: AuthConfig,
  claims: { sub: string; role: Exclude<Role, 'system'>; ttlSeconds?: number },
): Promise<string> {
  const secret = auth.hmacSecrets[0];
  if (!secret) throw new Error('No HS256 secret is configured to sign with');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (claims.ttlSeconds ?? 8 * 3600))
    .sign(new TextEncoder().encode(secret));
}
