import { isAfter } from '../../../../domain/shared/instant.js';
import type { ScheduleDelivery } from '../../../../domain/delivery/delivery.commands.js';
import {
  DeliveryAlreadyScheduled,
  DeliveryWindowInvalid,
} from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

export function scheduleDelivery(command: ScheduleDelivery, state: DeliveryState): DeliveryEvent[] {
  const { deliveryId, window } = command.data;
  if (state.phase !== 'unscheduled') throw new DeliveryAlreadyScheduled(deliveryId);
  if (!isAfter(window.to, window.from)) {
    throw new DeliveryWindowInvalid('The delivery window must end after it starts');
  }
  if (!isAfter(window.to, command.metadata.now)) {
    throw new DeliveryWindowInvalid('The delivery window is already over');
  }
  return [{ type: 'DeliveryScheduled', data: command.data }];
}
