import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { CodedError } from '../domain/shared/coded-error.js';
import type { DataKey } from './data-key.js';

/** How a personal field looks in the ledger: the value's JSON, encrypted with the customer's data key. */
export interface EncryptedField {
  readonly $enc: 'aes-256-gcm';
  /** Which of the customer's data keys: its scope, `delivery:{id}` or `vehicle:{id}:{customerId}`. */
  readonly key: string;
  readonly iv: string;
  /** Ciphertext followed by the 16-byte tag, base64. */
  readonly ct: string;
}

export const isEncryptedField = (value: unknown): value is EncryptedField =>
  typeof value === 'object' &&
  value !== null &&
  (value as { $enc?: unknown }).$enc === 'aes-256-gcm';

/** Ciphertext that does not decrypt: tampered with, or the wrong key. Never answered as garbage. */
export class TamperedCiphertextError extends CodedError {
  constructor(reason: string, options?: ErrorOptions) {
    super(
      'PRIVACY.UNDECRYPTABLE',
      500,
      'Personal data in the ledger does not decrypt',
      { reason },
      options,
    );
  }
}

/** AAD binds a ciphertext to its place: it cannot be moved to another event or field unnoticed. */
export const fieldContext = (eventId: string, path: string) =>
  Buffer.from(`${eventId}#${path}`, 'utf8');

export function encryptField(dataKey: DataKey, value: unknown, context: Buffer): EncryptedField {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
  cipher.setAAD(context);
  const ct = Buffer.concat([
    cipher.update(JSON.stringify(value), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return {
    $enc: 'aes-256-gcm',
    key: dataKey.scope,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
  };
}

export function decryptField(dataKey: DataKey, field: EncryptedField, context: Buffer): unknown {
  if (dataKey.scope !== field.key) {
    throw new TamperedCiphertextError(
      `A field sealed with ${field.key} cannot open with ${dataKey.scope}`,
    );
  }
  try {
    const sealed = Buffer.from(field.ct, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', dataKey.key, Buffer.from(field.iv, 'base64'));
    decipher.setAAD(context);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch (error) {
    throw new TamperedCiphertextError(
      'A personal field does not decrypt: tampered with, or the wrong key',
      {
        cause: error,
      },
    );
  }
}
