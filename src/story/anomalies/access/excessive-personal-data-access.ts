import type { PersonalDataViewed } from '../../../domain/data-access/data-access.events.js';
import type { RecordedEvent } from '../../../event-store/event-store.port.js';

/** One investigator revealing the plates of this many customers within the window is flagged. */
export const EXCESSIVE_PLATE_REVEALS = 20;
export const ACCESS_WINDOW_HOURS = 24;
const WINDOW_MS = ACCESS_WINDOW_HOURS * 3_600_000;

export const EXCESSIVE_ACCESS_RULE = `An investigator revealed the plates of ${EXCESSIVE_PLATE_REVEALS} or more customers within ${ACCESS_WINDOW_HOURS} h`;

/** What the rule remembers per viewer: their plate reveals inside the window, and the last flag. */
export interface AccessTally {
  readonly reveals: readonly {
    readonly at: number;
    readonly customerId: string;
    readonly position: number;
  }[];
  readonly flaggedAt: number | null;
}

export const emptyTally = (): AccessTally => ({ reveals: [], flaggedAt: null });

export interface ExcessiveAccessFinding {
  readonly reason: string;
  readonly evidence: readonly number[];
}

/**
 * Tells one reveal to a viewer's tally. Times are the ledger's (recordedAt), so a replay flags the
 * same reveals; a viewer is flagged once per window, again only once a new window fills up.
 */
export function tallyReveal(
  tally: AccessTally,
  event: RecordedEvent,
): { tally: AccessTally; finding: ExcessiveAccessFinding | null } {
  const data = event.data as PersonalDataViewed['data'];
  if (!data.fields.includes('plate')) return { tally, finding: null };
  const at = Date.parse(event.metadata.recordedAt);
  const reveals = [
    ...tally.reveals.filter((r) => r.at > at - WINDOW_MS),
    { at, customerId: data.customerId, position: event.metadata.globalPosition },
  ];
  const customers = new Set(reveals.map((r) => r.customerId));
  const due =
    customers.size >= EXCESSIVE_PLATE_REVEALS &&
    (tally.flaggedAt === null || tally.flaggedAt <= at - WINDOW_MS);
  if (!due) return { tally: { reveals, flaggedAt: tally.flaggedAt }, finding: null };
  return {
    tally: { reveals, flaggedAt: at },
    finding: {
      reason: `${data.role} ${data.viewerId} revealed the plates of ${customers.size} customers within ${ACCESS_WINDOW_HOURS} h`,
      evidence: reveals.map((r) => r.position),
    },
  };
}
