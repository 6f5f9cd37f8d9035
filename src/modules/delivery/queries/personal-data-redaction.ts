import { DELIVERY_PERSONAL_FIELDS } from '../../../domain/delivery/delivery.personal-data.js';
import { isDeliveryEventType } from '../../../domain/delivery/delivery.events.js';

const REDACTED = '[personal data]';

function redactPath(target: Record<string, unknown>, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || !(head in target)) return;
  if (rest.length === 0) {
    if (target[head] !== null) target[head] = REDACTED;
    return;
  }
  const next = target[head];
  if (typeof next === 'object' && next !== null) redactPath(next as Record<string, unknown>, rest);
}

/** A copy of an event's data with its personal fields replaced. */
export function redactPersonalData(type: string, data: unknown): unknown {
  if (!isDeliveryEventType(type) || typeof data !== 'object' || data === null) return data;
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const path of DELIVERY_PERSONAL_FIELDS[type]) redactPath(copy, path.path.split('.'));
  return copy;
}
