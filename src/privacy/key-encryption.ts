import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { TamperedCiphertextError } from './field-cipher.js';

/**
 * Wraps and unwraps customers' data keys: the shape of a KMS (AWS KMS Encrypt/Decrypt with an
 * encryption context, Vault transit), so one can be plugged in for the local key below.
 */
export interface KeyEncryptionKeys {
  /** Which key wraps new data keys; stored with each wrapped key so rotation keeps old ones readable. */
  readonly currentKeyId: string;
  wrap(dataKey: Buffer, context: string): Promise<{ keyId: string; wrapped: Buffer }>;
  unwrap(wrapped: Buffer, keyId: string, context: string): Promise<Buffer>;
}

/** A data key that does not unwrap: a tampered ciphertext too, never answered as garbage. */
export class KeyUnwrapError extends TamperedCiphertextError {}

/** AES-256-GCM with local 32-byte keys: `iv (12) || ciphertext || tag (16)`, the context as AAD. */
export class LocalKeyEncryptionKeys implements KeyEncryptionKeys {
  readonly currentKeyId: string;

  /** `keys`: key id → 32-byte key; the first is the current one, the others only unwrap. */
  constructor(private readonly keys: ReadonlyMap<string, Buffer>) {
    const [first] = keys.keys();
    if (first === undefined) throw new Error('At least one key-encryption key is needed');
    for (const [id, key] of keys) {
      if (key.length !== 32) throw new Error(`Key-encryption key ${id} must be 32 bytes`);
    }
    this.currentKeyId = first;
  }

  wrap(dataKey: Buffer, context: string): Promise<{ keyId: string; wrapped: Buffer }> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const wrapped = Buffer.concat([
      iv,
      cipher.update(dataKey),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return Promise.resolve({ keyId: this.currentKeyId, wrapped });
  }

  unwrap(wrapped: Buffer, keyId: string, context: string): Promise<Buffer> {
    const key = this.keys.get(keyId);
    if (!key)
      return Promise.reject(new KeyUnwrapError(`No key-encryption key ${keyId} is configured`));
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, 12));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      return Promise.resolve(
        Buffer.concat([
          decipher.update(wrapped.subarray(12, wrapped.length - 16)),
          decipher.final(),
        ]),
      );
    } catch (error) {
      return Promise.reject(
        new KeyUnwrapError(`A data key does not unwrap with ${keyId}: tampered, or the wrong key`, {
          cause: error,
        }),
      );
    }
  }
}
