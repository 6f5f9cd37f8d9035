import type { ReportCourierApproaching } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

export function reportCourierApproaching(
  command: ReportCourierApproaching,
  state: DeliveryState,
): DeliveryEvent[] {
  return refusedWhenClosed(command, state) ?? [{ type: 'CourierApproaching', data: command.data }];
}
