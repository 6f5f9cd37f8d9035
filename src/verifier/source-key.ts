import { concat, equalBytes, fromBase64, fromHex, toBase64 } from './bytes.js';
import type { SourceAlgorithm } from './http-signature.js';

/** A carmaker connector's public key as RFC 9421 verifies with it: raw Ed25519, or an SEC1 P-256 point. */
export interface SourcePublicKey {
  readonly algorithm: SourceAlgorithm;
  readonly publicKey: Uint8Array;
}

export class SourceKeyError extends Error {
  override name = 'SourceKeyError';
}

// The DER prefixes of SubjectPublicKeyInfo for the two key types (RFC 8410, RFC 5480).
const ED25519_SPKI = fromHex('302a300506032b6570032100');
const P256_SPKI = fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200');

const fromBase64Url = (text: string): Uint8Array => {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(standard + '='.repeat((4 - (standard.length % 4)) % 4));
};

function fromJwk(jwk: Record<string, unknown>): SourcePublicKey {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
    const x = fromBase64Url(jwk.x);
    if (x.length === 32) return { algorithm: 'ed25519', publicKey: x };
  }
  if (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string'
  ) {
    const [x, y] = [fromBase64Url(jwk.x), fromBase64Url(jwk.y)];
    if (x.length === 32 && y.length === 32)
      return { algorithm: 'ecdsa-p256-sha256', publicKey: concat(new Uint8Array([4]), x, y) };
  }
  throw new SourceKeyError('a JWK must be an Ed25519 (OKP) or a P-256 (EC) public key');
}

function fromSpki(der: Uint8Array): SourcePublicKey {
  const prefixed = (prefix: Uint8Array, length: number) =>
    der.length === prefix.length + length && equalBytes(der.subarray(0, prefix.length), prefix);
  if (prefixed(ED25519_SPKI, 32))
    return { algorithm: 'ed25519', publicKey: der.slice(ED25519_SPKI.length) };
  if (prefixed(P256_SPKI, 65) && der[P256_SPKI.length] === 4)
    return { algorithm: 'ecdsa-p256-sha256', publicKey: der.slice(P256_SPKI.length) };
  throw new SourceKeyError('an SPKI key must be Ed25519 or an uncompressed P-256 key');
}

/** The DER SubjectPublicKeyInfo of a key: how it is stored and handed to a verifier. */
export const spkiOf = (key: SourcePublicKey): Uint8Array =>
  key.algorithm === 'ed25519'
    ? concat(ED25519_SPKI, key.publicKey)
    : concat(P256_SPKI, key.publicKey);

/**
 * A public key as a carmaker publishes it: a JWK (object or JSON text), a PEM `PUBLIC KEY`, or the
 * base64 of its DER SubjectPublicKeyInfo. The algorithm follows from the key.
 */
export function parseSourcePublicKey(key: unknown): SourcePublicKey {
  try {
    if (typeof key === 'object' && key !== null) return fromJwk(key as Record<string, unknown>);
    if (typeof key !== 'string') throw new SourceKeyError('a public key is a JWK or a string');
    const text = key.trim();
    if (text.startsWith('{')) return fromJwk(JSON.parse(text) as Record<string, unknown>);
    const pem = /^-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----$/.exec(text);
    return fromSpki(fromBase64(pem ? pem[1]!.replace(/\s+/g, '') : text));
  } catch (error) {
    if (error instanceof SourceKeyError) throw error;
    throw new SourceKeyError(
      `not a JWK, PEM or base64 SPKI public key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The base64 of a key's DER SubjectPublicKeyInfo: how the ledger publishes a carmaker's key. */
export const sourceKeySpki = (key: SourcePublicKey): string =>
  toBase64(concat(key.algorithm === 'ed25519' ? ED25519_SPKI : P256_SPKI, key.publicKey));
