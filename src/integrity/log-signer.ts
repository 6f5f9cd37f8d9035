import { ed25519 } from '@noble/curves/ed25519.js';

import type { NoteSigner } from '../verifier/signed-note.js';
import { verifierKeyString } from '../verifier/signed-note.js';

/**
 * The log's identity: its origin (the checkpoint's first line and the signing key's name), the key that
 * signs new checkpoints, and the verifier keys of every key that ever signed one (rotation keeps old
 * checkpoints verifiable).
 */
export interface LogSigner {
  readonly origin: string;
  readonly signer: NoteSigner;
  /** The current key first, then retired ones. */
  readonly verifierKeys: readonly string[];
}

/** An Ed25519 signer from a 32-byte seed (RFC 8032 private key), by @noble/curves. */
export function ed25519Signer(name: string, seed: Uint8Array): NoteSigner {
  if (seed.length !== 32) throw new Error('An Ed25519 private key is a 32-byte seed');
  const publicKey = ed25519.getPublicKey(seed);
  return { name, publicKey, sign: (message) => ed25519.sign(message, seed) };
}

export function logSigner(
  origin: string,
  seed: Uint8Array,
  retiredPublicKeys: readonly Uint8Array[] = [],
): LogSigner {
  const signer = ed25519Signer(origin, seed);
  return {
    origin,
    signer,
    verifierKeys: [signer.publicKey, ...retiredPublicKeys].map((key) =>
      verifierKeyString(origin, key),
    ),
  };
}
