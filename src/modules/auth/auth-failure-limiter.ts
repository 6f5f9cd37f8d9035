import { HttpProblem } from '../../http/error-body.js';

export interface AuthFailureLimits {
  /** Failed authentications allowed per client address within `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
  /** How long an address that went over the limit is refused, even with a good token. */
  readonly blockMs: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = {
  limit: 20,
  windowMs: 60_000,
  blockMs: 60_000,
};

/**
 * Slows down token guessing: failed authentications are counted per client address in a fixed window;
 * an address over the limit gets 429 AUTH.TOO_MANY_FAILURES with Retry-After until its block ends.
 * Successful requests are not counted. (@nestjs/throttler was the first choice: it is CommonJS and
 * requires Nest 12's ESM-only packages, which Jest's ESM mode cannot load on Node 20.)
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Refuses an address that is blocked now. */
  check(address: string): void {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return;
    if (until <= this.now()) {
      this.blockedUntil.delete(address);
      return;
    }
    throw this.refusal(until);
  }

  /** Counts a failure; refuses at once when it crosses the limit. */
  failed(address: string): void {
    const now = this.now();
    this.forgetOld(now);
    const window = this.windows.get(address);
    const current =
      window && now - window.start < this.limits.windowMs ? window : { start: now, failures: 0 };
    current.failures += 1;
    this.windows.set(address, current);
    if (current.failures > this.limits.limit) {
      const until = now + this.limits.blockMs;
      this.blockedUntil.set(address, until);
      this.windows.delete(address);
      throw this.refusal(until);
    }
  }

  /** Keeps the maps small under a spray of addresses: windows and blocks that ended are dropped. */
  private forgetOld(now: number): void {
    if (this.windows.size + this.blockedUntil.size < 10_000) return;
    for (const [address, window] of this.windows)
      if (now - window.start >= this.limits.windowMs) this.windows.delete(address);
    for (const [address, until] of this.blockedUntil)
      if (until <= now) this.blockedUntil.delete(address);
  }

  private refusal(until: number): HttpProblem {
    const retryAfterSeconds = Math.max(1, Math.ceil((until - this.now()) / 1000));
    return new HttpProblem(
      429,
      'AUTH.TOO_MANY_FAILURES',
      'Too many failed authentications from this address; try again later',
      { retryAfterSeconds },
    );
  }
}
