import type { Role } from '../shared/actor.js';
import type { DomainEvent } from '../shared/message.js';
import type { PersonalDataKind } from '../shared/personal-data.js';

/**
 * Stream `courier-subject-{courierId}`: a courier as a data subject (their erasure). Its prefix and
 * that of the access log below differ before the id starts, so no courier id can make one stream
 * name the other's.
 */
export const courierSubjectStreamId = (courierId: string): string => `courier-subject-${courierId}`;

/** Stream `courier-access-{courierId}`: every time someone was shown the courier's precise data. */
export const courierAccessStreamId = (courierId: string): string => `courier-access-${courierId}`;

const COURIER_STREAM_PREFIXES = ['courier-subject-', 'courier-access-'] as const;

/** A courier stream's name, split into its prefix and the courier's id; null for any other stream. */
export function courierOfStream(streamId: string): { prefix: string; courierId: string } | null {
  const prefix = COURIER_STREAM_PREFIXES.find((p) => streamId.startsWith(p));
  return prefix ? { prefix, courierId: streamId.slice(prefix.length) } : null;
}

export type CourierErased = DomainEvent<
  'CourierErased',
  {
    courierId: string;
    /** `request` (the courier asked, Art. 17, relayed by compliance) or `compliance`. */
    reason: string;
    requestedBy: string;
  }
>;

export type CourierDataViewed = DomainEvent<
  'CourierDataViewed',
  {
    courierId: string;
    viewerId: string;
    role: Role;
    caseId: string | null;
    purpose: string;
    /** Which kinds of the courier's personal data were shown (their position, `gps`). */
    fields: PersonalDataKind[];
    /** What was looked at: `delivery:{id}`. */
    subject: string;
    deliveryId: string | null;
  }
>;

export type CourierEvent = CourierErased;
export type CourierEventType = CourierEvent['type'];

export const COURIER_EVENT_SCHEMA_VERSIONS: Record<CourierEventType, number> = {
  CourierErased: 1,
};

export const COURIER_ACCESS_EVENT_SCHEMA_VERSIONS = { CourierDataViewed: 1 } as const;
