import type { PlacePackage } from '../delivery.commands.js';
import { PackageIdTaken } from '../delivery.errors.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';

export function placePackage(command: PlacePackage, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (state.packages[command.data.packageId]) throw new PackageIdTaken(command.data.packageId);
  return [{ type: 'PackagePlaced', data: command.data }];
}
