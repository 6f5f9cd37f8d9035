import { isAfter } from '../../../../domain/shared/instant.js';
import type { FlagPhotoUploadOverdue } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

/**
 * The watchdog records that a drop's grace period ended with no photo uploaded, once, from the time
 * the drop recorded; also after the delivery closed, which is when a late upload usually comes.
 */
export function flagPhotoUploadOverdue(
  command: FlagPhotoUploadOverdue,
  state: DeliveryState,
): DeliveryEvent[] {
  const { sha256 } = command.data;
  const photo = state.photos[sha256];
  if (!photo || photo.attached || photo.overdue || photo.dueBy === null) return [];
  if (isAfter(photo.dueBy, command.metadata.now)) return [];
  return [
    {
      type: 'PhotoUploadOverdue',
      data: { sha256, packageIds: photo.packageIds, dueBy: photo.dueBy },
    },
  ];
}
