import { describe, expect, it } from '@jest/globals';

import type { RecordedEvent } from '../../../event-store/event-store.port.js';
import {
  type AccessTally,
  emptyTally,
  EXCESSIVE_ACCESS_CUSTOMERS,
  tallyReveal,
} from './excessive-personal-data-access.js';

let position = 0;
/** A reveal to inv-1 at `minute` minutes after 2026-11-25T08:00Z. */
const reveal = (customerId: string, minute: number, fields = ['plate', 'gps']): RecordedEvent => ({
  type: 'PersonalDataViewed',
  data: {
    customerId,
    viewerId: 'inv-1',
    role: 'investigator',
    caseId: 'case-1',
    purpose: 'case-investigation',
    fields,
    subject: `delivery:d-${customerId}`,
    deliveryId: `d-${customerId}`,
  },
  metadata: {
    globalPosition: (position += 1),
    recordedAt: new Date(Date.UTC(2026, 10, 25, 8, 0) + minute * 60_000).toISOString(),
  } as RecordedEvent['metadata'],
});

/** A reveal of courier `courierId`'s position to inv-1 (their own access log). */
const courierReveal = (courierId: string, minute: number): RecordedEvent => {
  const event = reveal('unused', minute, ['gps']);
  const { customerId: _customer, ...rest } = event.data as Record<string, unknown>;
  return {
    ...event,
    type: 'CourierDataViewed',
    data: { ...rest, courierId },
    metadata: { ...event.metadata, streamId: `courier-access-${courierId}` },
  };
};

function tell(events: RecordedEvent[], tally: AccessTally = emptyTally()) {
  const findings = [];
  for (const event of events) {
    const step = tallyReveal(tally, event);
    tally = step.tally;
    if (step.finding) findings.push(step.finding);
  }
  return { tally, findings };
}

const many = (count: number, from = 0, spacing = 10, fields?: string[]) =>
  Array.from({ length: count }, (_, i) => reveal(`c-${i}`, from + i * spacing, fields));

describe('excessive_personal_data_access', () => {
  it(`flags one viewer shown the plates of ${EXCESSIVE_ACCESS_CUSTOMERS} customers on one UTC day, once`, () => {
    const { findings, tally } = tell(many(EXCESSIVE_ACCESS_CUSTOMERS + 5));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toBe(
      `investigator inv-1 was shown personal data (gps, plate) of ${EXCESSIVE_ACCESS_CUSTOMERS} people on 2026-11-25 (UTC)`,
    );
    expect(findings[0]!.evidence).toHaveLength(EXCESSIVE_ACCESS_CUSTOMERS);
    // Flagged, the day stops growing: what is remembered stays bounded.
    expect(tally.reveals).toHaveLength(EXCESSIVE_ACCESS_CUSTOMERS);
  });

  it.each([[['photo']], [['gps']], [['gps', 'place-description']], [['vendor-payload']]])(
    'counts a reveal of any kind: %j',
    (fields: string[]) => {
      const { findings } = tell(many(EXCESSIVE_ACCESS_CUSTOMERS, 0, 10, fields));
      expect(findings).toHaveLength(1);
      expect(findings[0]!.reason).toContain(`(${[...fields].sort().join(', ')})`);
    },
  );

  it('counts customers across kinds: photos of some, positions of others', () => {
    const half = EXCESSIVE_ACCESS_CUSTOMERS / 2;
    const photos = Array.from({ length: half }, (_, i) => reveal(`c-${i}`, i, ['photo']));
    const positions = Array.from({ length: half }, (_, i) =>
      reveal(`c-${half + i}`, 60 + i, ['gps']),
    );
    const { findings } = tell([...photos, ...positions]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toContain('(gps, photo)');
  });

  it('counts couriers shown too, and a courier apart from a customer of the same id', () => {
    const half = EXCESSIVE_ACCESS_CUSTOMERS / 2;
    const customers = Array.from({ length: half }, (_, i) => reveal(`p-${i}`, i, ['gps']));
    const couriers = Array.from({ length: half }, (_, i) => courierReveal(`p-${i}`, 60 + i));
    const { findings } = tell([...customers, ...couriers]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toHaveLength(EXCESSIVE_ACCESS_CUSTOMERS);
    expect(tell(Array.from({ length: 40 }, (_, i) => courierReveal('k-1', i))).findings).toEqual(
      [],
    );
  });

  it('does not flag one customer read again and again, or a reveal that showed nothing', () => {
    expect(tell(Array.from({ length: 40 }, (_, i) => reveal('c-1', i))).findings).toEqual([]);
    expect(tell(many(30, 0, 1, [])).findings).toEqual([]);
  });

  it('counts per UTC day: reveals either side of midnight UTC are two days, each under the threshold', () => {
    // 08:00 + 15h50 = 23:50 UTC on the 25th; the next ten fall on the 26th.
    const before = Array.from({ length: 10 }, (_, i) => reveal(`c-${i}`, 950 + i));
    const after = Array.from({ length: 10 }, (_, i) => reveal(`c-${10 + i}`, 960 + i));
    expect(tell([...before, ...after]).findings).toEqual([]);
  });

  it('flags again on a new day', () => {
    const first = tell(many(EXCESSIVE_ACCESS_CUSTOMERS));
    expect(first.findings).toHaveLength(1);
    const later = tell(many(EXCESSIVE_ACCESS_CUSTOMERS, 24 * 60, 1), first.tally);
    expect(later.findings).toHaveLength(1);
    expect(later.findings[0]!.reason).toContain('2026-11-26');
  });

  it('starts afresh from a tally kept before days were counted', () => {
    const old = { reveals: [{ at: 0, customerId: 'c-x', position: 1 }], flaggedAt: null };
    const { findings } = tell(many(EXCESSIVE_ACCESS_CUSTOMERS), old as unknown as AccessTally);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence).toHaveLength(EXCESSIVE_ACCESS_CUSTOMERS);
  });
});
