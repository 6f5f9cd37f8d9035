import type { TokenLifetimes } from '../../config/keytrail-config.js';
import type { Role } from '../../domain/shared/actor.js';

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  personS: 8 * 3600,
  serviceS: 30 * 86_400,
};

const SERVICES: readonly Role[] = ['delivery-service', 'oem-connector'];

/** The longest a token of the role may live. */
export const maxLifetimeS = (role: Role, lifetimes: TokenLifetimes): number =>
  SERVICES.includes(role) ? lifetimes.serviceS : lifetimes.personS;

/**
 * How long a token lives, judged as strictly as its claims allow: from `iat` to `exp`, and never less
 * than from now to `exp` (a token without `iat`, or one claiming to be issued in the future).
 */
export const lifetimeS = (exp: number, iat: unknown, nowS: number): number =>
  Math.max(exp - (typeof iat === 'number' ? iat : nowS), exp - nowS);
