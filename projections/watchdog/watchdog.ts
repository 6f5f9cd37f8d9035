import type { DataSource } from 'typeorm';

import type { Clock } from '../../src/config/clock.js';
import type { DeliveryCommand } from '../../src/domain/delivery/delivery.commands.js';
import { errorText, sleep } from '../../src/shared/background-work.js';
import { plusSeconds } from '../../src/story/delivery-story/bounded-time.js';
import { isOutage } from '../runtime/outage.js';
import type { DeadlineKind } from './deadlines.projection.js';

export type WatchdogCommand = Omit<
  Extract<
    DeliveryCommand,
    { type: 'ExpireGrant' | 'FlagLockConfirmationOverdue' | 'FlagCarLeftUnlocked' }
  >,
  'metadata'
>;

/** Issues a watchdog command for a delivery; answers once it is stored, or there was nothing to store. */
export type WatchdogCommandSink = (
  deliveryId: string,
  command: WatchdogCommand,
  idempotencyKey: string,
) => Promise<void>;

interface DueDeadline {
  deadline_id: string;
  delivery_id: string;
  kind: DeadlineKind;
  ref: string;
  due_at: Date;
}

function commandFor(deadline: DueDeadline): WatchdogCommand {
  switch (deadline.kind) {
    case 'grant_expiry':
      return { type: 'ExpireGrant', data: { grantId: deadline.ref } };
    case 'lock_confirmation':
      return { type: 'FlagLockConfirmationOverdue', data: {} };
    case 'car_left_unlocked':
      return { type: 'FlagCarLeftUnlocked', data: {} };
    default: {
      const _exhaustive: never = deadline.kind;
      return _exhaustive;
    }
  }
}

/**
 * Records time passing: when a grant's notAfter, a lock confirmation's due moment or the time a car may
 * stand unlocked arrives, it asks the delivery decider, which decides from event times whether
 * GrantExpired, LockConfirmationOverdue or CarLeftUnlocked is due — so a replay derives the same events.
 */
export class Watchdog {
  lastError: string | null = null;
  /** Deadlines acted on, until the projection clears them (the event it waits for may lag). */
  private readonly settled = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly issue: WatchdogCommandSink,
    private readonly clock: Clock,
    /** KEYTRAIL_LEFT_UNLOCKED_S: the decider judges with the same setting. */
    private readonly leftUnlockedS: number,
    private readonly intervalMs = 1000,
  ) {}

  /** Acts on every deadline that is due; answers how many it settled. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const due: DueDeadline[] = await this.dataSource.query(
      `SELECT deadline_id, delivery_id, kind, ref, due_at FROM read.deadlines
        WHERE due_at <= $1 AND (kind <> 'car_left_unlocked' OR due_at <= $2)
        ORDER BY due_at LIMIT 100`,
      [now, plusSeconds(now, -this.leftUnlockedS)],
    );
    let settled = 0;
    for (const deadline of due) {
      try {
        await this.issue(
          deadline.delivery_id,
          commandFor(deadline),
          `watchdog:${deadline.deadline_id}`,
        );
      } catch (error) {
        if (isOutage(error)) throw error;
        // A conflict is retried on the next tick; anything else is logged and retried too.
        this.lastError = errorText(error);
        continue;
      }
      await this.dataSource.query(
        `DELETE FROM read.deadlines WHERE deadline_id = $1 AND due_at = $2`,
        [deadline.deadline_id, deadline.due_at],
      );
      settled += 1;
    }
    return settled;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        this.lastError = errorText(error);
      }
      await sleep(this.intervalMs, signal);
    }
  }
}
