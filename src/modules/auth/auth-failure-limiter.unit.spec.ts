import { describe, expect, it } from '@jest/globals';

import { AuthFailureLimiter } from './auth-failure-limiter.js';

describe('the authentication failure limiter', () => {
  it('blocks an address past its limit, for the block time only, and counts addresses apart', () => {
    let now = 1_000_000;
    const limiter = new AuthFailureLimiter(
      { limit: 3, windowMs: 60_000, blockMs: 30_000 },
      () => now,
    );
    for (let i = 0; i < 3; i += 1) limiter.failed('10.0.0.1');
    expect(() => limiter.failed('10.0.0.1')).toThrow(
      expect.objectContaining({
        status: 429,
        code: 'AUTH.TOO_MANY_FAILURES',
        details: { retryAfterSeconds: 30 },
      }),
    );
    expect(() => limiter.check('10.0.0.1')).toThrow(expect.objectContaining({ status: 429 }));
    expect(() => limiter.check('10.0.0.2')).not.toThrow();
    now += 29_000;
    expect(() => limiter.check('10.0.0.1')).toThrow(
      expect.objectContaining({ details: { retryAfterSeconds: 1 } }),
    );
    now += 1_000;
    expect(() => limiter.check('10.0.0.1')).not.toThrow();
  });

  it('forgets failures once their window has passed', () => {
    let now = 0;
    const limiter = new AuthFailureLimiter(
      { limit: 2, windowMs: 10_000, blockMs: 5_000 },
      () => now,
    );
    limiter.failed('a');
    limiter.failed('a');
    now += 10_000;
    expect(() => limiter.failed('a')).not.toThrow();
    expect(() => limiter.failed('a')).not.toThrow();
    expect(() => limiter.failed('a')).toThrow();
  });
});
