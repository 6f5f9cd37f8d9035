import type { ReportCourierApproaching } from '../delivery.commands.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';

export function reportCourierApproaching(
  command: ReportCourierApproaching,
  state: DeliveryState,
): DeliveryEvent[] {
  return refusedWhenClosed(command, state) ?? [{ type: 'CourierApproaching', data: command.data }];
}
