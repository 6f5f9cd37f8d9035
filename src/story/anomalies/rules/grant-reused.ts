import type { CommandOutcome } from '../../../domain/delivery/delivery.vocabulary.js';
import type { DeliveryStory } from '../../delivery-story/delivery-story.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** An unlock the car is known to have carried out. */
const ran = (outcome: CommandOutcome | null | undefined) => outcome === 'succeeded';

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
 * an unlock the car carried out. A request refused while that unlock was pending or ambiguous (the
 * grant is spent meanwhile) is judged once the outcome is known: flagged when the car ran it, never
 * when it failed (the grant was free all along).
 */
export const grantReused: AnomalyRule = {
  code: 'grant_reused',
  rule: 'An unlock was requested on a single-use grant an unlock the car carried out had spent',
  detect(before, event, after) {
    if (event.type === 'UnlockDenied' && event.data.reason === 'grant_used') {
      const holder = before.state.grants[event.data.grantId]?.usedBy;
      if (!holder || !ran(before.state.commands[holder]?.outcome)) return null;
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
    if (!grantId || ran(command.outcome) || !ran(after.state.commands[commandId]?.outcome)) {
      return null;
    }
    if (after.state.grants[grantId]?.usedBy !== commandId) return null;
    const refused = refusedWhileHeld(before, commandId, grantId);
    if (refused.length === 0) return null;
    return finding(
      this,
      'medium',
      `Unlock requested on single-use grant ${grantId} while ${commandId} was not yet known to have run; it then succeeded`,
      event,
      [before.positions[`command:${commandId}`], ...refused],
    );
  },
};
