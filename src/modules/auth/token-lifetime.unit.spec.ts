import { describe, expect, it } from '@jest/globals';

import { DEFAULT_TOKEN_LIFETIMES, lifetimeS, maxLifetimeS } from './token-lifetime.js';

const NOW = 1_800_000_000;

describe('token lifetime', () => {
  it('is exp − iat, or exp − now without iat', () => {
    expect(lifetimeS(NOW + 3600, NOW - 60, NOW)).toBe(3660);
    expect(lifetimeS(NOW + 3600, undefined, NOW)).toBe(3600);
  });

  it('tolerates an issuer clock a minute ahead, not an iat set later to shorten the count', () => {
    expect(lifetimeS(NOW + 30 + 8 * 3600, NOW + 30, NOW)).toBe(8 * 3600);
    expect(lifetimeS(NOW + 9 * 3600, NOW + 8.5 * 3600, NOW)).toBe(9 * 3600 - 60);
  });

  it('allows people 8 h and services 30 days by default', () => {
    expect(maxLifetimeS('customer', DEFAULT_TOKEN_LIFETIMES)).toBe(8 * 3600);
    expect(maxLifetimeS('admin', DEFAULT_TOKEN_LIFETIMES)).toBe(8 * 3600);
    expect(maxLifetimeS('delivery-service', DEFAULT_TOKEN_LIFETIMES)).toBe(30 * 86_400);
    expect(maxLifetimeS('oem-connector', DEFAULT_TOKEN_LIFETIMES)).toBe(30 * 86_400);
  });
});
