import { describe, expect, it } from '@jest/globals';

import { AuthFailureLimiter, type AuthFailureLimits } from './auth-failure-limiter.js';

/** A limiter on a clock the test moves. */
function limiterAt(start: number, limits: Partial<AuthFailureLimits>) {
  const clock = { now: start };
  const limiter = new AuthFailureLimiter(
    { limit: 3, windowMs: 60_000, blockMs: 60_000, maxAddresses: 100, ...limits },
    () => clock.now,
  );
  return { limiter, clock };
}

const refused = (retryAfterSeconds: number) =>
  expect.objectContaining({
    status: 429,
    code: 'AUTH.TOO_MANY_FAILURES',
    details: { retryAfterSeconds },
  });

describe('the authentication failure limiter', () => {
  it("refuses an address's failures past its limit, for the block time only, and counts addresses apart", () => {
    const { limiter, clock } = limiterAt(1_000_000, { blockMs: 30_000 });
    for (let i = 0; i < 3; i += 1) limiter.failed('10.0.0.1');
    expect(() => limiter.failed('10.0.0.1')).toThrow(refused(30));
    expect(() => limiter.failed('10.0.0.2')).not.toThrow();
    clock.now += 29_000;
    expect(() => limiter.failed('10.0.0.1')).toThrow(refused(1));
    clock.now += 1_000;
    expect(() => limiter.failed('10.0.0.1')).not.toThrow();
  });

  it('forgets failures once their window has passed', () => {
    const { limiter, clock } = limiterAt(0, { limit: 2, windowMs: 10_000, blockMs: 5_000 });
    limiter.failed('a');
    limiter.failed('a');
    clock.now += 10_000;
    expect(() => limiter.failed('a')).not.toThrow();
    expect(() => limiter.failed('a')).not.toThrow();
    expect(() => limiter.failed('a')).toThrow();
  });

  it('remembers at most its cap of addresses under churn, forgetting the least recently failed', () => {
    const { limiter } = limiterAt(0, { limit: 1, maxAddresses: 50 });
    limiter.failed('steady');
    for (let i = 0; i < 10_000; i += 1) {
      limiter.failed(`10.${i >> 8}.${i & 255}.1`);
      if (i % 40 === 0) expect(() => limiter.failed('steady')).toThrow();
      expect(limiter.size).toBeLessThanOrEqual(50);
    }
    // The address that kept failing was kept, still blocked; the churned ones were forgotten.
    expect(() => limiter.failed('steady')).toThrow(refused(60));
    expect(() => limiter.failed('10.0.0.1')).not.toThrow();
  });
});
