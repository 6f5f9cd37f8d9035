import { HttpProblem } from '../../http/error-body.js';

export interface AuthFailureLimits {
  /** Failed authentications allowed per client address within `windowMs`. */
  readonly limit: number;
  readonly windowMs: number;
  /** How long an address that went over the limit has its failures answered 429. */
  readonly blockMs: number;
  /** At most this many addresses are remembered; past it, the one that failed longest ago is forgotten. */
  readonly maxAddresses: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = {
  limit: 20,
  windowMs: 60_000,
  blockMs: 60_000,
  maxAddresses: 10_000,
};

interface AddressFailures {
  windowStart: number;
  failures: number;
  blockedUntil: number;
}

/**
 * Slows down token guessing: failed authentications are counted per client address in a fixed window;
 * past the limit, the address's failures are answered 429 AUTH.TOO_MANY_FAILURES with Retry-After
 * until its block ends. Only failures are ever seen here: a token that verifies is never refused, so
 * one noisy caller behind a shared address cannot lock out the others. (@nestjs/throttler was the
 * first choice: it is CommonJS and requires Nest 12's ESM-only packages, which Jest's ESM mode cannot
 * load on Node 20.)
 */
export class AuthFailureLimiter {
  /** Address → its failures, least recently failed first (a failure moves it to the end). */
  private readonly addresses = new Map<string, AddressFailures>();

  constructor(
    private readonly limits: AuthFailureLimits = DEFAULT_AUTH_FAILURE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many addresses are remembered now. */
  get size(): number {
    return this.addresses.size;
  }

  /** Counts a failure; refuses it when the address is blocked or crosses the limit now. */
  failed(address: string): void {
    const now = this.now();
    const known = this.addresses.get(address);
    this.addresses.delete(address);
    const entry: AddressFailures =
      known && (known.blockedUntil > now || now - known.windowStart < this.limits.windowMs)
        ? known
        : { windowStart: now, failures: 0, blockedUntil: 0 };
    this.remember(address, entry);
    if (entry.blockedUntil > now) throw this.refusal(entry.blockedUntil, now);
    entry.failures += 1;
    if (entry.failures > this.limits.limit) {
      entry.blockedUntil = now + this.limits.blockMs;
      entry.windowStart = now;
      entry.failures = 0;
      throw this.refusal(entry.blockedUntil, now);
    }
  }

  /** Keeps the map within its cap under a spray of addresses: the least recently failed go first. */
  private remember(address: string, entry: AddressFailures): void {
    while (this.addresses.size >= this.limits.maxAddresses) {
      const oldest = this.addresses.keys().next().value;
      if (oldest === undefined) break;
      this.addresses.delete(oldest);
    }
    this.addresses.set(address, entry);
  }

  private refusal(until: number, now: number): HttpProblem {
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
    return new HttpProblem(
      429,
      'AUTH.TOO_MANY_FAILURES',
      'Too many failed authentications from this address; try again later',
      { retryAfterSeconds },
    );
  }
}
