import { randomUUID } from 'node:crypto';

import type {
  AppendRequest,
  EventToAppend,
  ExpectedRevision,
} from '../../src/event-store/event-store.port.js';

export const uniqueStream = (prefix = 'contract'): string => `${prefix}-${randomUUID()}`;

export function anEvent(
  type = 'ClosureOpened',
  data: object = { closure: 'trunk' },
): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    context: {
      occurredAt: new Date().toISOString(),
      actor: { id: 'courier-7', role: 'delivery-service' },
      source: 'contract-test',
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

export function anAppend(
  streamId: string,
  expectedRevision: ExpectedRevision,
  count = 1,
  idempotency?: AppendRequest['idempotency'],
): AppendRequest {
  return {
    streamId,
    expectedRevision,
    events: Array.from({ length: count }, (_, i) =>
      anEvent('ClosureOpened', { closure: 'trunk', i }),
    ),
    ...(idempotency ? { idempotency } : {}),
  };
}
