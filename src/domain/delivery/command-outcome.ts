import type { CommandOutcome } from './delivery.vocabulary.js';

const STRENGTH: Record<CommandOutcome, number> = {
  pending: 0,
  accepted: 1,
  ambiguous: 2,
  succeeded: 3,
  failed: 3,
};

/**
 * Carmakers' results arrive out of order: a later `pending` never undoes a `succeeded`, and an
 * ambiguous result is replaced only by a definitive one. Between two definitive ones the first holds.
 */
export function strongerOutcome(
  current: CommandOutcome | null,
  reported: CommandOutcome,
): CommandOutcome {
  if (current === null) return reported;
  return STRENGTH[reported] > STRENGTH[current] ? reported : current;
}
