import type { PersonalField } from '../domain/shared/personal-data.js';
import type { DataKey } from './data-key.js';
import { decryptField, encryptField, fieldContext, isEncryptedField } from './field-cipher.js';

type Json = Record<string, unknown>;

/** The value at a dotted path, and a setter for it; undefined when the path is not there. */
function locate(
  data: unknown,
  path: string,
): { value: unknown; set(value: unknown): void } | undefined {
  const parts = path.split('.');
  let target: unknown = data;
  for (const part of parts.slice(0, -1)) {
    if (typeof target !== 'object' || target === null) return undefined;
    target = (target as Json)[part];
  }
  const last = parts.at(-1)!;
  if (typeof target !== 'object' || target === null || !(last in target)) return undefined;
  const parent = target as Json;
  return {
    value: parent[last],
    set: (value) => {
      parent[last] = value;
    },
  };
}

const copyOf = <T>(data: T): T => structuredClone(data);

/** A copy of the event's data with each present personal field encrypted (null stays null). */
export function sealPersonalFields<T extends object>(
  data: T,
  fields: readonly PersonalField[],
  key: DataKey,
  eventId: string,
): T {
  if (fields.length === 0) return data;
  const sealed = copyOf(data);
  for (const field of fields) {
    const at = locate(sealed, field.path);
    if (!at || at.value === null || at.value === undefined || isEncryptedField(at.value)) continue;
    at.set(encryptField(key, at.value, fieldContext(eventId, field.path)));
  }
  return sealed;
}

/** A copy with each present personal field removed (set to null): what a shredded key leaves. */
export function dropPersonalFields<T extends object>(data: T, fields: readonly PersonalField[]): T {
  if (fields.length === 0) return data;
  const dropped = copyOf(data);
  for (const field of fields) locate(dropped, field.path)?.set(null);
  return dropped;
}

/** The data-key scopes an event's sealed fields need. */
export function scopesOf(data: unknown, fields: readonly PersonalField[]): string[] {
  const scopes = new Set<string>();
  for (const field of fields) {
    const value = locate(data, field.path)?.value;
    if (isEncryptedField(value)) scopes.add(value.key);
  }
  return [...scopes];
}

export interface OpenedData<T> {
  readonly data: T;
  /** Fields that were sealed with a key since destroyed: null in `data`. */
  readonly erased: readonly PersonalField[];
}

/**
 * A copy with every sealed field decrypted, or null where its key is gone. A field that does not
 * decrypt (tampered with, the wrong key) throws TamperedCiphertextError: never garbage.
 */
export function openPersonalFields<T>(
  data: T,
  fields: readonly PersonalField[],
  keys: ReadonlyMap<string, DataKey>,
  eventId: string,
): OpenedData<T> {
  if (fields.length === 0 || typeof data !== 'object' || data === null) return { data, erased: [] };
  const opened = copyOf(data);
  const erased: PersonalField[] = [];
  for (const field of fields) {
    const at = locate(opened, field.path);
    if (!at || !isEncryptedField(at.value)) continue;
    const key = keys.get(at.value.key);
    if (!key) {
      at.set(null);
      erased.push(field);
      continue;
    }
    at.set(decryptField(key, at.value, fieldContext(eventId, field.path)));
  }
  return { data: opened, erased };
}

/** The value at a personal field's path (after opening), for views. */
export const personalValue = (data: unknown, field: PersonalField): unknown =>
  locate(data, field.path)?.value;

/** Replaces the value at a personal field's path in place. */
export function setPersonalValue(data: unknown, field: PersonalField, value: unknown): void {
  locate(data, field.path)?.set(value);
}
