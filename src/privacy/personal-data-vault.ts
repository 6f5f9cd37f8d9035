import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { DataSubjectKind, PersonalField } from '../domain/shared/personal-data.js';
import type { DataKey } from './data-key.js';
import type { DataKeys } from './data-keys.js';
import { withCurrentKeyScopes } from './legacy-key-scopes.js';
import {
  dropPersonalFields,
  type OpenedData,
  openPersonalFields,
  personalValue,
  scopesOf,
  sealPersonalFields,
} from './personal-fields.js';
import { personalFieldsOf } from './personal-field-registry.js';

/** A stored event with its personal fields in clear, and those whose key was destroyed. */
export interface OpenedEvent extends RecordedEvent {
  readonly erased: readonly PersonalField[];
}

/**
 * Seals personal fields before an event is stored (so its hash covers ciphertext) and opens them for
 * the few who may see them. Nothing else in keytrail holds a data key.
 */
export class PersonalDataVault {
  constructor(private readonly dataKeys: DataKeys) {}

  /** The events with their personal fields decrypted; erased ones null and listed. */
  async open(events: readonly RecordedEvent[]): Promise<OpenedEvent[]> {
    const keys = await this.keysFor(events);
    return events.map((event) => {
      const { data, erased } = this.openWith(keys, event.type, event.metadata.eventId, event.data);
      return { ...event, data, erased };
    });
  }

  /** The live keys the sealed fields of these events need. */
  keysFor(events: readonly { type: string; data: unknown }[]): Promise<Map<string, DataKey>> {
    return this.dataKeys.existingKeys(
      events.flatMap((event) =>
        scopesOf(withCurrentKeyScopes(event.type, event.data), personalFieldsOf(event.type)),
      ),
    );
  }

  /** One event's data opened with keys from keysFor. */
  openWith<T>(
    keys: ReadonlyMap<string, DataKey>,
    type: string,
    eventId: string,
    data: T,
  ): OpenedData<T> {
    return openPersonalFields(
      withCurrentKeyScopes(type, data),
      personalFieldsOf(type),
      keys,
      eventId,
    );
  }

  /** Whether a personal field of the subject's carries a value in the event (so a key is needed). */
  needsKey(type: string, data: object, subject: DataSubjectKind = 'customer'): boolean {
    return personalFieldsOf(type).some((field) => {
      if (field.subject !== subject) return false;
      const value = personalValue(data, field);
      return value !== null && value !== undefined;
    });
  }

  /**
   * The data to store: each subject's personal fields sealed with that subject's key, or dropped when
   * the key was destroyed (or the event has none for them).
   */
  seal<T extends object>(
    keys: Readonly<Record<DataSubjectKind, DataKey | null>>,
    type: string,
    eventId: string,
    data: T,
  ): T {
    let sealed = data;
    for (const subject of ['customer', 'courier'] as const) {
      const fields = personalFieldsOf(type).filter((field) => field.subject === subject);
      const key = keys[subject];
      sealed = key
        ? sealPersonalFields(sealed, fields, key, eventId)
        : dropPersonalFields(sealed, fields);
    }
    return sealed;
  }
}
