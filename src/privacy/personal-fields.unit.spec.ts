import { randomBytes } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { gps, placeDescription } from '../domain/shared/personal-data.js';
import type { DataKey } from './data-key.js';
import { type EncryptedField, TamperedCiphertextError } from './field-cipher.js';
import { KeyUnwrapError, LocalKeyEncryptionKeys } from './key-encryption.js';
import { openPersonalFields, scopesOf, sealPersonalFields } from './personal-fields.js';
import { Pseudonyms } from './pseudonyms.js';

const key = (scope = 'delivery:d-1'): DataKey => ({
  scope,
  customerId: 'c-1',
  key: randomBytes(32),
});
const FIELDS = [placeDescription('description'), gps('position')];
const DATA = { description: 'Blue XC40 by the gym', position: { lat: 59.33, lon: 18.06 } };

describe('personal field sealing', () => {
  it('replaces each personal field with ciphertext that names its key, and opens it again', () => {
    const k = key();
    const sealed = sealPersonalFields(DATA, FIELDS, k, 'e-1');
    expect(JSON.stringify(sealed)).not.toContain('gym');
    expect(JSON.stringify(sealed)).not.toContain('59.33');
    expect(sealed.position).toMatchObject({ $enc: 'aes-256-gcm', key: 'delivery:d-1' });
    expect(scopesOf(sealed, FIELDS)).toEqual(['delivery:d-1']);
    expect(openPersonalFields(sealed, FIELDS, new Map([[k.scope, k]]), 'e-1')).toEqual({
      data: DATA,
      erased: [],
    });
  });

  it('encrypts the same value differently each time (a fresh IV)', () => {
    const k = key();
    const a = sealPersonalFields(DATA, FIELDS, k, 'e-1');
    const b = sealPersonalFields(DATA, FIELDS, k, 'e-1');
    expect((a.position as unknown as EncryptedField).ct).not.toBe(
      (b.position as unknown as EncryptedField).ct,
    );
  });

  it('reads a field whose key is gone as erased (null), never as garbage', () => {
    const sealed = sealPersonalFields(DATA, FIELDS, key(), 'e-1');
    const opened = openPersonalFields(sealed, FIELDS, new Map(), 'e-1');
    expect(opened.data).toEqual({ description: null, position: null });
    expect(opened.erased.map((f) => f.path)).toEqual(['description', 'position']);
  });

  it('fails loudly on a tampered ciphertext, a wrong key, or a field moved to another event', () => {
    const k = key();
    const sealed = sealPersonalFields(DATA, FIELDS, k, 'e-1');
    const field = sealed.position as unknown as EncryptedField;
    const bytes = Buffer.from(field.ct, 'base64');
    bytes[0]! ^= 0x01;
    const tampered = { ...sealed, position: { ...field, ct: bytes.toString('base64') } };
    const keys = new Map([[k.scope, k]]);
    expect(() => openPersonalFields(tampered, FIELDS, keys, 'e-1')).toThrow(
      TamperedCiphertextError,
    );
    const wrong = new Map([[k.scope, { ...k, key: randomBytes(32) }]]);
    expect(() => openPersonalFields(sealed, FIELDS, wrong, 'e-1')).toThrow(TamperedCiphertextError);
    expect(() => openPersonalFields(sealed, FIELDS, keys, 'e-2')).toThrow(TamperedCiphertextError);
  });
});

describe('key-encryption keys', () => {
  it('unwrap what they wrapped, only in the same context, and keep old keys for unwrapping', async () => {
    const old = randomBytes(32);
    const before = new LocalKeyEncryptionKeys(new Map([['kek-1', old]]));
    const dataKey = randomBytes(32);
    const { keyId, wrapped } = await before.wrap(dataKey, 'scope-a');
    const rotated = new LocalKeyEncryptionKeys(
      new Map([
        ['kek-2', randomBytes(32)],
        ['kek-1', old],
      ]),
    );
    expect(rotated.currentKeyId).toBe('kek-2');
    await expect(rotated.unwrap(wrapped, keyId, 'scope-a')).resolves.toEqual(dataKey);
    await expect(rotated.unwrap(wrapped, keyId, 'scope-b')).rejects.toThrow(KeyUnwrapError);
    await expect(
      new LocalKeyEncryptionKeys(new Map([['kek-1', randomBytes(32)]])).unwrap(
        wrapped,
        keyId,
        'scope-a',
      ),
    ).rejects.toThrow(KeyUnwrapError);
  });
});

describe('pseudonyms', () => {
  it('give the same token within a purpose, unrelated tokens across purposes, never a plain hash', () => {
    const pseudonyms = new Pseudonyms(randomBytes(32));
    const a = pseudonyms.token('export-1', 'ABC 123');
    expect(pseudonyms.token('export-1', 'ABC 123')).toBe(a);
    expect(pseudonyms.token('export-2', 'ABC 123')).not.toBe(a);
    expect(new Pseudonyms(randomBytes(32)).token('export-1', 'ABC 123')).not.toBe(a);
    expect(a).toMatch(/^tk_[A-Za-z0-9_-]{22}$/);
  });
});
