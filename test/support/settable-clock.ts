import type { Clock } from '../../src/config/clock.js';
import type { Instant } from '../../src/domain/shared/instant.js';

/** The ledger clock under test control: journeys set the moment each step happens. */
export class SettableClock implements Clock {
  constructor(private current: Instant) {}

  now(): Instant {
    return this.current;
  }

  set(instant: Instant): void {
    this.current = new Date(instant).toISOString();
  }
}
