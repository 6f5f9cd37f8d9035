import { isAfter } from '../../../../domain/shared/instant.js';
import type { AttachPhoto } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { REFUSAL, refuse } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

/** What an upload of a recorded digest comes to: matched, already held, or past its grace period. */
export type PhotoAttachment = 'attach' | 'held' | 'too_late';

/** Null when no drop of the delivery recorded the digest. */
export function photoAttachment(
  state: DeliveryState,
  sha256: string,
  now: string,
): PhotoAttachment | null {
  const photo = state.photos[sha256];
  if (!photo) return null;
  if (photo.attached) return 'held';
  return photo.dueBy !== null && isAfter(now, photo.dueBy) ? 'too_late' : 'attach';
}

/**
 * The image of a recorded drop, uploaded later (also after completion), within the grace period the
 * drop recorded; the same image twice records it once. The shell checked the image against the digest.
 */
export function attachPhoto(command: AttachPhoto, state: DeliveryState): DeliveryEvent[] {
  const { sha256 } = command.data;
  const photo = state.photos[sha256];
  switch (photoAttachment(state, sha256, command.metadata.now)) {
    case null:
    case 'held':
      return [];
    case 'too_late':
      return [
        refuse(
          command,
          REFUSAL.photoTooLate,
          `The photo's grace period ended at ${photo!.dueBy}: it is no longer accepted`,
        ),
      ];
    case 'attach':
      return [{ type: 'PhotoAttached', data: { sha256, packageIds: photo!.packageIds } }];
  }
}
