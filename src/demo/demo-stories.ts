import { openCaseAndReveal } from './case-reveal.js';
import { type DemoLedger, DeliveryRun } from './delivery-run.js';
import type { PlannedDelivery, Story } from './demo-plan.js';

const HOUR = 3_600_000;

/** What is left of a delivery once the ledger's own time has moved on: the late lock confirmation. */
export type LaterStep = () => Promise<void>;

export interface StoryOptions {
  /** The case id for the delivery whose data is revealed. */
  readonly caseId: string;
  /** How long to wait for the watchdog's LockConfirmationOverdue, in ms of the demo's clock. */
  readonly overdueWaitMs: number;
}

/**
 * Drives one delivery through its story. Answers a later step when part of the story needs the
 * ledger's time to pass (the watchdog must find the lock confirmation overdue first).
 */
export async function tellStory(
  ledger: DemoLedger,
  plan: PlannedDelivery,
  options: StoryOptions,
): Promise<LaterStep | null> {
  const run = new DeliveryRun(ledger, plan);
  const { clock } = ledger;
  const story: Story = plan.story;
  switch (story) {
    case 'completed':
      await run.deliver();
      return null;
    case 'gm_pending_unlock':
      await run.deliver('pending_then_succeeded');
      return null;
    case 'upcoming':
      await run.schedule({
        from: clock.iso(plan.opensInHours * HOUR),
        to: clock.iso((plan.opensInHours + 4) * HOUR),
      });
      return null;
    case 'courier_on_the_way':
      await run.scheduleAndGrant();
      return null;
    case 'customer_blocked':
      await run.scheduleAndGrant();
      await run.customer('block', { reason: 'I am home after all: bring it to the door' });
      await run.fail('In-car delivery blocked by the customer');
      return null;
    case 'geofence_denied':
      await run.scheduleAndGrant();
      // The courier taps "unlock" from the street corner, 450 m away: denied, and recorded.
      await run.unlock('cmd-unlock-0', `n-${plan.deliveryId}-0`, 'away', true);
      await run.unlock('cmd-unlock-1', `n-${plan.deliveryId}`);
      await run.unlockResult();
      await run.dropPackage();
      await run.requestLock();
      await run.statusRead();
      await run.complete();
      return null;
    case 'nonce_replayed':
      await run.scheduleAndGrant();
      await run.unlock('cmd-unlock-1', `n-${plan.deliveryId}`);
      await run.unlockResult();
      // The same signed request sent again under another command id: a replay, denied.
      await run.unlock('cmd-unlock-2', `n-${plan.deliveryId}`, 'at_the_car', true);
      await run.dropPackage();
      await run.requestLock();
      await run.statusRead();
      await run.complete();
      return null;
    case 'ambiguous_result':
      await run.scheduleAndGrant();
      await run.unlock('cmd-unlock-1', `n-${plan.deliveryId}`);
      // Volvo's cloud lost the car: CAR_TIMEOUT never counts as unlocked. The car is locked again
      // to be sure, and the parcel goes to the door.
      await run.unlockResult('ambiguous');
      await run.requestLock();
      await run.statusRead();
      await run.fail('The car did not confirm the unlock');
      return null;
    case 'stale_lock_read':
      await run.scheduleAndGrant();
      await run.unlock('cmd-unlock-1', `n-${plan.deliveryId}`);
      await run.unlockResult();
      await run.dropPackage();
      await run.requestLock();
      // Volvo's cloud answers from its cache: the doors as read before the delivery. No confirmation.
      await run.statusRead(clock.iso(-10 * 60_000));
      await run.statusRead();
      await run.complete();
      return null;
    case 'late_lock_confirmation':
      await run.scheduleAndGrant();
      await run.unlock('cmd-unlock-1', `n-${plan.deliveryId}`);
      await run.unlockResult();
      await run.dropPackage();
      await run.requestLock();
      // The Tesla fell asleep after the lock command: its status read comes only after the
      // ledger's watchdog has recorded the confirmation overdue (120 s after the trunk closed).
      return async () => {
        await waitForOverdue(ledger, plan.deliveryId, options.overdueWaitMs);
        await run.statusRead();
        await run.complete();
      };
    case 'case_with_reveal':
      await run.deliver();
      await openCaseAndReveal(ledger, options.caseId, plan.deliveryId);
      return null;
    case 'erased_customer': {
      await run.deliver();
      const token = await ledger.callers.customer(plan.customerId);
      await ledger.http.post(`/v1/subjects/${plan.customerId}/erasure`, token, {});
      return null;
    }
    default: {
      const _exhaustive: never = story;
      return _exhaustive;
    }
  }
}

/** Polls the delivery's timeline until the watchdog's LockConfirmationOverdue is in it. */
async function waitForOverdue(ledger: DemoLedger, deliveryId: string, waitMs: number) {
  const until = Date.now() + waitMs;
  for (;;) {
    const { body } = await ledger.http.get(
      `/v1/deliveries/${deliveryId}/timeline`,
      ledger.callers.investigator,
    );
    const entries = (body.entries ?? []) as {
      type: string;
      recordedAt?: string;
      metadata?: { recordedAt?: string };
    }[];
    const overdue = entries.find((e) => e.type === 'LockConfirmationOverdue');
    if (overdue) {
      const recordedAt = overdue.recordedAt ?? overdue.metadata?.recordedAt;
      if (recordedAt) ledger.clock.learn(recordedAt);
      return;
    }
    if (Date.now() > until)
      throw new Error(
        `the watchdog did not flag ${deliveryId}'s lock confirmation overdue in time`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
