import { addSeconds, isAfter, toMillis } from '../../../../domain/shared/instant.js';
import type { FlagCarLeftUnlocked } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { ledgerLockRequest } from '../../../../domain/delivery/ledger-lock-request.js';
import { timeRulesOf } from '../../../../domain/delivery/source-clock.js';

/**
 * The watchdog records that the car was left unlocked: an unlock succeeded (or may have), and no lock
 * confirmation (nor the car's own relock) held `leftUnlockedS` after the first such unlock since the
 * car was last known locked. Once per unlocked stretch, whether or not a closure moved, also after the
 * delivery ended; the ledger asks for a lock in the same append.
 */
export function flagCarLeftUnlocked(
  command: FlagCarLeftUnlocked,
  state: DeliveryState,
): DeliveryEvent[] {
  const unlocks = Object.entries(state.unlockedBy).sort(
    ([, a], [, b]) => toMillis(a) - toMillis(b),
  );
  const first = unlocks[0];
  if (!first || state.lockConfirmation !== null || state.leftUnlocked !== null) return [];
  const unlockedSince = first[1];
  const dueAt = addSeconds(unlockedSince, timeRulesOf(command.metadata).leftUnlockedS);
  if (isAfter(dueAt, command.metadata.now)) return [];
  const lock = ledgerLockRequest(state, 'ledger-lock', command.metadata.now);
  return [
    {
      type: 'CarLeftUnlocked',
      data: {
        unlockCommandIds: unlocks.map(([commandId]) => commandId),
        unlockedSince,
        dueAt,
        lockCommandId: lock.data.commandId,
      },
    },
    lock,
  ];
}
