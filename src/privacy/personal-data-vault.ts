import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { PersonalField } from '../domain/shared/personal-data.js';
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

  /** Whether any personal field of the event carries a value (so a data key is needed). */
  needsKey(type: string, data: object): boolean {
    return personalFieldsOf(type).some((field) => {
      const value = personalValue(data, field);
      return value !== null && value !== undefined;
    });
  }

  /** The data to store: personal fields sealed with the key, or dropped when the key was destroyed. */
  seal<T extends object>(key: DataKey | null, type: string, eventId: string, data: T): T {
    const fields = personalFieldsOf(type);
    return key ? sealPersonalFields(data, fields, key, eventId) : dropPersonalFields(data, fields);
  }
}
