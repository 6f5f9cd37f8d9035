import { isCourierReleased } from '../../src/domain/delivery/delivery.state.js';
import { addDurations } from '../../src/story/delivery-story/bounded-time.js';
import { courierAtCar, type DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';

/** One row per delivery, for search: what investigators filter and sort on. */
export interface DeliverySummary {
  readonly deliveryId: string;
  readonly status: string;
  readonly vendor: string;
  readonly customerId: string;
  readonly vehicleId: string;
  readonly orderId: string;
  /** The earlier attempt this delivery re-delivers, if any. */
  readonly previousDeliveryId: string | null;
  /** The courier at the car (last allowed unlock), else the last courier granted access. */
  readonly courierId: string | null;
  readonly courierIds: readonly string[];
  readonly windowFrom: string;
  readonly windowTo: string;
  readonly scheduledAt: string | null;
  readonly grantedAt: string | null;
  readonly unlockedAt: string | null;
  readonly firstOpenedAt: string | null;
  readonly droppedAt: string | null;
  readonly lastClosedAt: string | null;
  readonly lockConfirmedAt: string | null;
  readonly completedAt: string | null;
  readonly failedAt: string | null;
  readonly cancelledAt: string | null;
  /** How long the car stood unlocked, over every unlocked stretch that ended; null while unlocked.
   * Within [0, MAX_SECONDS] (bounded-time.ts), however far apart the clocks put the stretches. */
  readonly unlockedSeconds: number | null;
  readonly released: boolean;
  readonly anomalies: readonly string[];
  readonly lastPosition: number;
}

export function deliverySummary(story: DeliveryStory): DeliverySummary | null {
  const delivery = story.state.delivery;
  if (!delivery) return null;
  const t = story.times;
  return {
    deliveryId: delivery.deliveryId,
    status: story.state.phase,
    vendor: delivery.vendor,
    customerId: delivery.customerId,
    vehicleId: delivery.vehicleId,
    orderId: delivery.orderId,
    previousDeliveryId: delivery.previousDeliveryId ?? null,
    courierId: courierAtCar(story.state) ?? story.courierIds.at(-1) ?? null,
    courierIds: story.courierIds,
    windowFrom: delivery.window.from,
    windowTo: delivery.window.to,
    scheduledAt: t.scheduledAt,
    grantedAt: t.grantedAt,
    unlockedAt: t.unlockedAt,
    firstOpenedAt: t.firstOpenedAt,
    droppedAt: t.droppedAt,
    lastClosedAt: t.lastClosedAt,
    lockConfirmedAt: t.lockConfirmedAt,
    completedAt: t.completedAt,
    failedAt: t.failedAt,
    cancelledAt: t.cancelledAt ?? null,
    unlockedSeconds:
      story.unlockedSince === null ? Math.round(addDurations(story.unlockedSeconds, 0)) : null,
    released: isCourierReleased(story.state),
    anomalies: story.anomalyCodes,
    lastPosition: story.lastPosition,
  };
}
