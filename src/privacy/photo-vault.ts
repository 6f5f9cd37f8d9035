import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import type { BlobStore } from './blob-store.js';
import type { DataKey } from './data-key.js';
import { TamperedCiphertextError } from './field-cipher.js';

const MAGIC = Buffer.from('KTP1', 'latin1');

/** `keytrail:photo:{deliveryId}/{sha256}`: what PackagePlaced.photo.ref holds (sealed). */
export const photoRef = (deliveryId: string, sha256: string) =>
  `keytrail:photo:${deliveryId}/${sha256}`;

export function parsePhotoRef(ref: string): { deliveryId: string; sha256: string } | null {
  const match = /^keytrail:photo:([A-Za-z0-9_-]{1,128})\/([0-9a-f]{64})$/.exec(ref);
  return match ? { deliveryId: match[1]!, sha256: match[2]! } : null;
}

const blobKey = (deliveryId: string, sha256: string) => `photos/${deliveryId}/${sha256}`;
const context = (deliveryId: string, sha256: string) =>
  Buffer.from(`photo:${deliveryId}/${sha256}`, 'utf8');

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Drop photos, content-addressed by the SHA-256 of the image and encrypted with the delivery's data
 * key (AES-256-GCM, the address as AAD): `KTP1 || iv (12) || ciphertext || tag (16)`. Shredding the
 * key leaves nothing readable; the blobs are removed as well.
 */
export class PhotoVault {
  constructor(private readonly blobs: BlobStore) {}

  async store(key: DataKey, deliveryId: string, image: Buffer): Promise<string> {
    const sha256 = sha256Of(image);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.key, iv);
    cipher.setAAD(context(deliveryId, sha256));
    const sealed = Buffer.concat([
      MAGIC,
      iv,
      cipher.update(image),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    await this.blobs.put(blobKey(deliveryId, sha256), sealed);
    return sha256;
  }

  has(deliveryId: string, sha256: string): Promise<boolean> {
    return this.blobs.has(blobKey(deliveryId, sha256));
  }

  /** The image, or null when none is stored; a blob that does not decrypt to its digest throws. */
  async read(key: DataKey, deliveryId: string, sha256: string): Promise<Buffer | null> {
    const sealed = await this.blobs.get(blobKey(deliveryId, sha256));
    if (!sealed) return null;
    try {
      if (!sealed.subarray(0, 4).equals(MAGIC)) throw new Error('not a keytrail photo blob');
      const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(4, 16));
      decipher.setAAD(context(deliveryId, sha256));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      const image = Buffer.concat([
        decipher.update(sealed.subarray(16, sealed.length - 16)),
        decipher.final(),
      ]);
      if (sha256Of(image) !== sha256) throw new Error('the image does not match its digest');
      return image;
    } catch (error) {
      throw new TamperedCiphertextError(`Photo ${sha256} does not decrypt`, { cause: error });
    }
  }

  /** The digests of the delivery's photos held now. */
  async digestsOf(deliveryId: string): Promise<string[]> {
    const prefix = `photos/${deliveryId}/`;
    return (await this.blobs.list(`photos/${deliveryId}`))
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length));
  }

  /** Removes one photo of the delivery (an upload refused after it was written). */
  remove(deliveryId: string, sha256: string): Promise<void> {
    return this.blobs.delete(blobKey(deliveryId, sha256));
  }

  /** Removes every photo of the delivery (after its key is destroyed). */
  deleteDelivery(deliveryId: string): Promise<number> {
    return this.blobs.deletePrefix(`photos/${deliveryId}`);
  }
}
