import type { CommandOutcome } from '../../../domain/delivery/delivery.vocabulary.js';
import type { DeliveryStory } from '../../delivery-story/delivery-story.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** An unlock the car carried out, or may have: it spent its single-use grant. */
const spent = (outcome: CommandOutcome | null | undefined) =>
  outcome === 'succeeded' || outcome === 'ambiguous';

/** Requests refused `grant_used` on a grant, after the request of the unlock that holds it. */
function refusedWhileHeld(story: DeliveryStory, holder: string, grantId: string): number[] {
  const heldFrom = story.positions[`command:${holder}`] ?? -1;
  return Object.values(story.state.commands)
    .filter((c) => c.deniedFor === 'grant_used' && c.grantId === grantId)
    .map((c) => story.positions[`denial:${c.commandId}`] ?? -1)
    .filter((position) => position > heldFrom);
}

/**
 * A second opening of a single-use grant: an unlock refused `grant_used` while the grant was spent by
 * an unlock the car carried out (or may have). A request refused while that unlock was still pending is
 * judged when its outcome is known: flagged if the car ran it, never if it failed (the grant was free).
 */
export const grantReused: AnomalyRule = {
  code: 'grant_reused',
  rule: 'An unlock was requested on a single-use grant already spent by an unlock the car carried out',
  detect(before, event, after) {
    if (event.type === 'UnlockDenied' && event.data.reason === 'grant_used') {
      const holder = before.state.grants[event.data.grantId]?.usedBy;
      if (!holder || !spent(before.state.commands[holder]?.outcome)) return null;
      return finding(
        this,
        'medium',
        `Unlock requested on single-use grant ${event.data.grantId}, already spent by ${holder}`,
        event,
        [
          before.positions[`command:${holder}`],
          before.positions[`command:${event.data.commandId}`],
        ],
      );
    }
    if (event.type !== 'UnlockCommandResult') return null;
    const { commandId } = event.data;
    const command = before.state.commands[commandId];
    const grantId = command?.grantId;
    if (!grantId || spent(command.outcome) || !spent(after.state.commands[commandId]?.outcome)) {
      return null;
    }
    if (after.state.grants[grantId]?.usedBy !== commandId) return null;
    const refused = refusedWhileHeld(before, commandId, grantId);
    if (refused.length === 0) return null;
    return finding(
      this,
      'medium',
      `Unlock requested on single-use grant ${grantId} while ${commandId} was pending; ${commandId} then ${event.data.outcome}`,
      event,
      [before.positions[`command:${commandId}`], ...refused],
    );
  },
};
