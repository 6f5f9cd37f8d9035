import { SignJWT } from 'jose';

import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { Role } from '../../domain/shared/actor.js';
import type { AuthConfig } from '../../config/keytrail-config.js';
import { DEFAULT_TOKEN_LIFETIMES, maxLifetimeS } from './token-lifetime.js';

/** The longest a token of the role may live under this configuration, in seconds. */
export const maxTokenLifetimeS = (auth: AuthConfig, role: Exclude<Role, 'system'>): number =>
  maxLifetimeS(role, auth.maxLifetimes ?? DEFAULT_TOKEN_LIFETIMES);

/**
 * Mints an HS256 token with the first configured secret: development and tests only. `vendor` binds
 * a connector to its carmaker; no other role carries one. It lives 8 h (or less, if the role may not
 * live that long), never longer than the role may.
 */
export function mintToken(
  auth: AuthConfig,
  claims: { sub: string; role: Exclude<Role, 'system'>; vendor?: Vendor; ttlSeconds?: number },
): Promise<string> {
  const secret = auth.hmacSecrets[0];
  if (!secret) throw new Error('No HS256 secret is configured to sign with');
  if (claims.vendor !== undefined && claims.role !== 'oem-connector')
    throw new Error('Only an oem-connector token carries a vendor');
  const maxS = maxTokenLifetimeS(auth, claims.role);
  const ttlSeconds = claims.ttlSeconds ?? Math.min(8 * 3600, maxS);
  if (ttlSeconds > maxS)
    throw new Error(`A ${claims.role} token may live at most ${maxS} s, not ${ttlSeconds} s`);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    role: claims.role,
    ...(claims.vendor !== undefined ? { vendor: claims.vendor } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
