import type { CourierDataViewed } from '../../../domain/courier/courier.events.js';
import type { PersonalDataViewed } from '../../../domain/data-access/data-access.events.js';
import type { RecordedEvent } from '../../../event-store/event-store.port.js';

/** One investigator shown the personal data of this many people on one UTC day is flagged. */
export const EXCESSIVE_ACCESS_CUSTOMERS = 20;

export const EXCESSIVE_ACCESS_RULE = `An investigator was shown personal data of any kind (plate, positions, photos, evidence exports) of ${EXCESSIVE_ACCESS_CUSTOMERS} or more people (customers or couriers) on one day (UTC)`;

/** Whose data a reveal showed: a customer's (`data-access-`) or a courier's (`courier-access-`). */
type Revealed = { readonly customerId: string } | { readonly courierId: string };

/** A reveal as the rule remembers it: the first one of each person that day. */
type TalliedReveal = Revealed & { readonly position: number };

/** A reveal's event: a customer's data viewed, or a courier's. */
export const isRevealEvent = (event: RecordedEvent): boolean =>
  (event.type === 'PersonalDataViewed' && event.metadata.streamId.startsWith('data-access-')) ||
  (event.type === 'CourierDataViewed' && event.metadata.streamId.startsWith('courier-access-'));

type RevealData = PersonalDataViewed['data'] | CourierDataViewed['data'];

const whose = (data: RevealData): Revealed =>
  'courierId' in data ? { courierId: data.courierId } : { customerId: data.customerId };

const samePerson = (a: Revealed, b: Revealed): boolean =>
  'courierId' in a
    ? 'courierId' in b && a.courierId === b.courierId
    : 'customerId' in b && a.customerId === b.customerId;

/**
 * What the rule remembers per viewer: the UTC day it counts, each customer revealed that day (once),
 * the kinds shown, and whether the day was flagged. Once flagged, the day stops growing.
 */
export interface AccessTally {
  readonly day: string | null;
  readonly reveals: readonly TalliedReveal[];
  readonly kinds: readonly string[];
  readonly flagged: boolean;
}

export const emptyTally = (): AccessTally => ({
  day: null,
  reveals: [],
  kinds: [],
  flagged: false,
});

export interface ExcessiveAccessFinding {
  readonly reason: string;
  readonly evidence: readonly number[];
}

/** The ledger's day of a reveal, in UTC: the same everywhere, whatever the server's zone. */
const utcDay = (recordedAt: string) => new Date(recordedAt).toISOString().slice(0, 10);

/** A tally kept before the rule counted days (no `day`) starts afresh. */
const sameDay = (tally: AccessTally, day: string): AccessTally =>
  tally.day === day && Array.isArray(tally.reveals) ? tally : { ...emptyTally(), day };

/**
 * Tells one reveal to a viewer's tally. Any kind of personal data shown counts (a plate, positions,
 * a photo, the deliveries of an evidence export); a reveal that showed nothing does not. Days are the
 * ledger's (recordedAt, UTC), so a replay flags the same reveals; a viewer is flagged once a day.
 */
export function tallyReveal(
  tally: AccessTally,
  event: RecordedEvent,
): { tally: AccessTally; finding: ExcessiveAccessFinding | null } {
  const data = event.data as RevealData;
  if (data.fields.length === 0) return { tally, finding: null };
  const day = utcDay(event.metadata.recordedAt);
  const today = sameDay(tally, day);
  if (today.flagged) return { tally: today, finding: null };
  const person = whose(data);
  const known = today.reveals.some((r) => samePerson(r, person));
  const reveals = known
    ? today.reveals
    : [...today.reveals, { ...person, position: event.metadata.globalPosition }];
  const kinds = [...new Set([...today.kinds, ...data.fields])].sort();
  if (reveals.length < EXCESSIVE_ACCESS_CUSTOMERS)
    return { tally: { day, reveals, kinds, flagged: false }, finding: null };
  return {
    tally: { day, reveals, kinds, flagged: true },
    finding: {
      reason: `${data.role} ${data.viewerId} was shown personal data (${kinds.join(', ')}) of ${reveals.length} people on ${day} (UTC)`,
      evidence: reveals.map((r) => r.position),
    },
  };
}
