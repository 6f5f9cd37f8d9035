import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Keyed-hash tokens (HMAC-SHA-256) with a secret per purpose, derived from one root secret by HKDF.
 * The same value gives the same token within one purpose and unrelated tokens across purposes; a
 * plain hash is never used, since plates and ids are few enough to guess them all.
 */
export class Pseudonyms {
  private readonly secrets = new Map<string, Buffer>();

  constructor(private readonly root: Buffer) {
    if (root.length < 32) throw new Error('The pseudonym secret must be at least 32 bytes');
  }

  /** `investigation`, `compliance-export:{exportId}`, `idempotency`… */
  secretFor(purpose: string): Buffer {
    let secret = this.secrets.get(purpose);
    if (!secret) {
      secret = Buffer.from(hkdfSync('sha256', this.root, 'keytrail/pseudonyms/v1', purpose, 32));
      this.secrets.set(purpose, secret);
    }
    return secret;
  }

  /** A short token: 128 bits of the HMAC, base64url, prefixed so it is never taken for the value. */
  token(purpose: string, value: string): string {
    const mac = createHmac('sha256', this.secretFor(purpose)).update(value, 'utf8').digest();
    return `tk_${mac.subarray(0, 16).toString('base64url')}`;
  }

  /** The whole HMAC in hex, for comparing requests (idempotency fingerprints). */
  digest(purpose: string, value: string): string {
    return createHmac('sha256', this.secretFor(purpose)).update(value, 'utf8').digest('hex');
  }
}
