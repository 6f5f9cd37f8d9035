import type { Clock } from '../config/clock.js';
import type { Instant } from '../domain/shared/instant.js';

/**
 * The embedded demo's ledger clock: it starts in the past, runs with the wall clock, and is moved
 * forward between the demo's waves of deliveries. It never goes back, so the events it stamps stay in
 * recordedAt order, and the ledger's own time moves past the watchdog's deadlines without waiting.
 */
export class SimulatedClock implements Clock {
  private baseMs: number;
  private baseAt = performance.now();
  private lastMs = Number.NEGATIVE_INFINITY;

  constructor(startMs: number) {
    this.baseMs = startMs;
  }

  nowMs(): number {
    const ms = Math.max(Math.floor(this.baseMs + (performance.now() - this.baseAt)), this.lastMs);
    this.lastMs = ms;
    return ms;
  }

  now(): Instant {
    return new Date(this.nowMs()).toISOString();
  }

  /** Moves to `ms`, if that is ahead; the clock runs on from there. */
  advanceTo(ms: number): void {
    if (ms <= this.nowMs()) return;
    this.baseMs = ms;
    this.baseAt = performance.now();
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.nowMs() + ms);
  }
}
