import { createHash } from 'node:crypto';

/** The "previous hash" of a stream's first event. */
export const GENESIS_HASH = Buffer.alloc(32);

/** hash(n) = SHA-256(hash(n-1) || canonical bytes of event n). */
export function chainHash(previous: Buffer, canonicalText: string): Buffer {
  return createHash('sha256').update(previous).update(canonicalText, 'utf8').digest();
}
