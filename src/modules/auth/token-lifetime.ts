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

/** An identity provider's clock may run a little ahead of ours: its `iat` may be that far in our future. */
const CLOCK_TOLERANCE_S = 60;

/**
 * How long a token lives, judged as strictly as its claims allow: from `iat` to `exp`, and never much
 * less than from now to `exp` (a token claiming to be issued in the future); without `iat`, from now.
 */
export const lifetimeS = (exp: number, iat: unknown, nowS: number): number =>
  typeof iat === 'number' ? Math.max(exp - iat, exp - nowS - CLOCK_TOLERANCE_S) : exp - nowS;
