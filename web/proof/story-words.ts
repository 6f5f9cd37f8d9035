import { clockTime, dateTime, textOf, VENDOR_NAMES, words } from '../shared/format.js';
import type { TimelineEntry } from '../shared/types.js';

/**
 * The delivery in plain words for its customer: "Your car was unlocked at 14:02:05 and confirmed
 * locked by Volvo at 14:03:12." One sentence per step that matters to them, from the events.
 */
export function storyWords(entries: readonly TimelineEntry[]): string[] {
  const vendorCode = textOf(entries.find((e) => e.type === 'DeliveryScheduled')?.data.vendor);
  const vendor = VENDOR_NAMES[vendorCode] ?? 'your carmaker';
  const find = (predicate: (e: TimelineEntry) => boolean) => entries.find(predicate);
  const sentences: string[] = [];
  const scheduled = find((e) => e.type === 'DeliveryScheduled');
  if (scheduled)
    sentences.push(`The delivery to your car was booked on ${dateTime(scheduled.occurredAt)}.`);
  const denied = entries.filter((e) => e.type === 'UnlockDenied').length;
  if (denied > 0)
    sentences.push(
      `${denied === 1 ? 'One request' : `${denied} requests`} to unlock your car ${denied === 1 ? 'was' : 'were'} refused and recorded.`,
    );
  const unlockedAt = entries.findIndex(
    (e, i) =>
      e.stateAfter.vehicle === 'unlocked' &&
      (i === 0 || entries[i - 1]!.stateAfter.vehicle !== 'unlocked'),
  );
  const locked = find((e) => e.type === 'LockConfirmed');
  if (unlockedAt >= 0) {
    const unlocked = clockTime(entries[unlockedAt]!.occurredAt);
    sentences.push(
      locked
        ? `Your car was unlocked at ${unlocked} and confirmed locked by ${vendor} at ${clockTime(locked.occurredAt)}${
            locked.data.evidence === 'command_acknowledged'
              ? `: ${vendor} reported its lock command done (it offers no status read of the car)`
              : ', as a status read of the car showed'
          }.`
        : `Your car was unlocked at ${unlocked}; ${vendor} has not confirmed it locked yet.`,
    );
  } else {
    sentences.push('Your car was not unlocked for this delivery.');
  }
  for (const opened of entries.filter((e) => e.type === 'ClosureOpened')) {
    const closure = words(textOf(opened.data.closure) || 'door');
    const closed = entries.find(
      (e) =>
        e.type === 'ClosureClosed' &&
        e.data.closure === opened.data.closure &&
        e.globalPosition > opened.globalPosition,
    );
    const yours = opened.data.attributedTo === 'owner' ? ' by you, after the delivery ended' : '';
    sentences.push(
      closed
        ? `The ${closure} was opened${yours} at ${clockTime(opened.occurredAt)} and closed at ${clockTime(closed.occurredAt)}.`
        : `The ${closure} was opened${yours} at ${clockTime(opened.occurredAt)}.`,
    );
  }
  const placed = find((e) => e.type === 'PackagePlaced');
  // A drop recorded without signal has its photo to follow (photoDueBy) until PhotoAttached.
  const photoAwaited =
    placed?.data.photoDueBy && !find((e) => e.type === 'PhotoAttached')
      ? find((e) => e.type === 'PhotoUploadOverdue')
        ? ', but its photo never arrived'
        : ', its photo still to be uploaded'
      : null;
  if (placed)
    sentences.push(
      `Your package was placed at ${clockTime(placed.occurredAt)}${photoAwaited ?? ', with a photo'}.`,
    );
  const completed = find((e) => e.type === 'DeliveryCompleted');
  const failed = find((e) => e.type === 'DeliveryFailed');
  if (completed)
    sentences.push(`The delivery was completed at ${clockTime(completed.occurredAt)}.`);
  const cancelled = find((e) => e.type === 'DeliveryCancelled');
  if (cancelled)
    sentences.push(`The delivery was cancelled at ${clockTime(cancelled.occurredAt)}.`);
  if (failed)
    sentences.push(
      `The delivery did not go through (recorded at ${clockTime(failed.occurredAt)}).`,
    );
  return sentences;
}
