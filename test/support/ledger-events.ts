import type { DeliveryEvent } from '../../src/domain/delivery/delivery.events.js';
import { DELIVERY_EVENT_SCHEMA_VERSIONS } from '../../src/domain/delivery/delivery.events.js';
import type { LedgerEvent } from '../../src/story/delivery-story/ledger-event.js';

export interface Envelope {
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly source?: string;
}

/**
 * Domain events as the ledger stores them, numbered in order, each at the time given
 * (`[event, '14:02:11']`) or else a second after the previous one.
 */
export function ledgerEvents(
  ...steps: readonly (DeliveryEvent | readonly [DeliveryEvent, string, Envelope?])[]
): LedgerEvent[] {
  let clock = Date.parse('2026-11-25T13:00:00.000Z');
  return steps.map((step, position) => {
    const [event, time, envelope] = Array.isArray(step)
      ? (step as readonly [DeliveryEvent, string, Envelope?])
      : ([step as DeliveryEvent, undefined, undefined] as const);
    clock = time ? Date.parse(`2026-11-25T${time}.000Z`) : clock + 1000;
    const at = new Date(clock).toISOString();
    return {
      ...event,
      metadata: {
        eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
        streamId: 'delivery-d-1',
        globalPosition: position,
        streamRevision: position,
        schemaVersion: DELIVERY_EVENT_SCHEMA_VERSIONS[event.type],
        occurredAt: envelope?.occurredAt ?? at,
        recordedAt: envelope?.recordedAt ?? at,
        actor: { id: 'delivery-system', role: 'delivery-service' },
        source: envelope?.source ?? 'api',
        correlationId: 'corr-1',
        causationId: `req-${position}`,
        hash: position.toString(16).padStart(64, '0'),
      },
    };
  });
}

/** What an append says about itself beside its events: when, who, from where, and what it answers. */
export const appendContext = {
  occurredAt: '2026-11-25T14:02:11.000Z',
  actor: { id: 'courier-7', role: 'delivery-service' as const },
  source: 'api',
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: 'c0ffee00-0000-4000-8000-000000000002',
};
