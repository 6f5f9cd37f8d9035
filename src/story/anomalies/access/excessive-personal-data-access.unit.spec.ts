import { describe, expect, it } from '@jest/globals';

import type { RecordedEvent } from '../../../event-store/event-store.port.js';
import {
  type AccessTally,
  emptyTally,
  EXCESSIVE_PLATE_REVEALS,
  tallyReveal,
} from './excessive-personal-data-access.js';

let position = 0;
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

function tell(events: RecordedEvent[], tally: AccessTally = emptyTally()) {
  const findings = [];
  for (const event of events) {
    const step = tallyReveal(tally, event);
    tally = step.tally;
    if (step.finding) findings.push(step.finding);
  }
  return { tally, findings };
}

describe('excessive_personal_data_access', () => {
  const many = (count: number, from = 0, spacing = 10) =>
    Array.from({ length: count }, (_, i) => reveal(`c-${i}`, from + i * spacing));

  it(`flags one viewer revealing the plates of ${EXCESSIVE_PLATE_REVEALS} customers within 24 h, once`, () => {
    const { findings } = tell(many(EXCESSIVE_PLATE_REVEALS + 5));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toBe(
      `investigator inv-1 revealed the plates of ${EXCESSIVE_PLATE_REVEALS} customers within 24 h`,
    );
    expect(findings[0]!.evidence).toHaveLength(EXCESSIVE_PLATE_REVEALS);
  });

  it('does not flag the same customer read again and again, other fields, or reveals spread over days', () => {
    expect(tell(Array.from({ length: 40 }, (_, i) => reveal('c-1', i))).findings).toEqual([]);
    expect(
      tell(many(30).map((e) => ({ ...e, data: { ...(e.data as object), fields: ['gps'] } })))
        .findings,
    ).toEqual([]);
    expect(tell(many(30, 0, 90)).findings).toEqual([]);
  });

  it('flags again once a new window fills up', () => {
    const first = tell(many(EXCESSIVE_PLATE_REVEALS));
    expect(first.findings).toHaveLength(1);
    const later = tell(many(EXCESSIVE_PLATE_REVEALS, 25 * 60), first.tally);
    expect(later.findings).toHaveLength(1);
  });
});
