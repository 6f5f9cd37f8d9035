import type { Role } from '../shared/actor.js';
import type { PersonalDataKind } from '../shared/personal-data.js';
import type { DomainEvent } from '../shared/message.js';

/** Stream `data-access-{customerId}`: every time someone was shown the customer's precise data. */
export const dataAccessStreamId = (customerId: string): string => `data-access-${customerId}`;

export type PersonalDataViewed = DomainEvent<
  'PersonalDataViewed',
  {
    customerId: string;
    viewerId: string;
    role: Role;
    caseId: string | null;
    purpose: string;
    /** Which kinds of personal data were shown. */
    fields: PersonalDataKind[];
    /** What was looked at: `delivery:{id}`, `photo:{deliveryId}/{packageId}`… */
    subject: string;
    deliveryId: string | null;
  }
>;

export const DATA_ACCESS_EVENT_SCHEMA_VERSIONS = { PersonalDataViewed: 1 } as const;
