import { describe, expect, it } from '@jest/globals';

import {
  canonicalAppendTexts,
  canonicalEventText,
  canonicalJson,
  NotCanonicalJsonError,
} from './canonical-event.js';
import type { EventToAppend } from './event-store.port.js';
import { appendContext } from '../../test/support/ledger-events.js';

const context = appendContext;

const events: EventToAppend[] = [
  {
    eventId: 'e-1',
    type: 'ClosureOpened',
    schemaVersion: 1,
    data: { closure: 'trunk', z: [3, 1e21, -0, 0.1] },
    context,
  },
  {
    eventId: 'e-2',
    type: 'VehicleLocationDeclared',
    schemaVersion: 2,
    data: { description: 'Garage “Söder” 🚗\n', position: { lon: 18.0686, lat: 59.3293 } },
    context,
  },
  {
    eventId: 'e-3',
    type: 'AccessRevoked',
    schemaVersion: 1,
    data: {},
    context: { ...context, source: 'oem:volvo' },
  },
];

describe('canonical event bytes (RFC 8785)', () => {
  it('makes an append’s texts exactly as canonicalising each whole record would', () => {
    const texts = canonicalAppendTexts('delivery-d-1', events, '2026-11-25T14:02:12.345Z', 'k-1');
    expect(texts).toEqual(
      events.map((event) =>
        canonicalEventText({
          streamId: 'delivery-d-1',
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata: {
            ...event.context,
            recordedAt: '2026-11-25T14:02:12.345Z',
            idempotencyKey: 'k-1',
          },
        }),
      ),
    );
    expect(texts[0]).toBe(
      '{"data":{"closure":"trunk","z":[3,1e+21,0,0.1]},"eventId":"e-1","metadata":{"actor":{"id":"courier-7","role":"delivery-service"},"causationId":"c0ffee00-0000-4000-8000-000000000002","correlationId":"c0ffee00-0000-4000-8000-000000000001","idempotencyKey":"k-1","occurredAt":"2026-11-25T14:02:11.000Z","recordedAt":"2026-11-25T14:02:12.345Z","source":"api"},"schemaVersion":1,"streamId":"delivery-d-1","type":"ClosureOpened"}',
    );
  });

  it('refuses what has no canonical form: a lone surrogate, NaN', () => {
    expect(() => canonicalJson({ reason: '\ud800' })).toThrow(NotCanonicalJsonError);
    expect(() => canonicalJson({ n: NaN })).toThrow(NotCanonicalJsonError);
  });
});
