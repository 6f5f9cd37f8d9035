import { SignJWT } from 'jose';

import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { Role } from '../../domain/shared/actor.js';
import type { AuthConfig } from '../../config/keytrail-config.js';

/**
 * Mints an HS256 token with the first configured secret: development and tests only. `vendor` binds
 * a connector to its carmaker; no other role carries one.
 */
export function mintToken(
  auth: AuthConfig,
  claims: { sub: string; role: Exclude<Role, 'system'>; vendor?: Vendor; ttlSeconds?: number },
): Promise<string> {
  const secret = auth.hmacSecrets[0];
  if (!secret) throw new Error('No HS256 secret is configured to sign with');
  if (claims.vendor !== undefined && claims.role !== 'oem-connector')
    throw new Error('Only an oem-connector token carries a vendor');
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
    .setExpirationTime(now + (claims.ttlSeconds ?? 8 * 3600))
    .sign(new TextEncoder().encode(secret));
}
