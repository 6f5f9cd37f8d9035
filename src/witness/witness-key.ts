import { open, readFile } from 'node:fs/promises';

import { ed25519 } from '@noble/curves/ed25519.js';

import { fromBase64, toBase64 } from '../verifier/bytes.js';
import { type CosignatureSigner, witnessKeyString } from '../verifier/cosignature.js';

/** A witness's identity: its name, its Ed25519 key, and the vkey (type 0x04) it publishes. */
export interface WitnessIdentity {
  readonly signer: CosignatureSigner;
  readonly verifierKey: string;
}

/** The key file: `{ "name", "privateKey": base64 32-byte Ed25519 seed, "verifierKey" }`. */
interface WitnessKeyFile {
  name: string;
  privateKey: string;
  verifierKey: string;
}

function identity(name: string, seed: Uint8Array): WitnessIdentity {
  const publicKey = ed25519.getPublicKey(seed);
  return {
    signer: { name, publicKey, sign: (message) => ed25519.sign(message, seed) },
    verifierKey: witnessKeyString(name, publicKey),
  };
}

/** Makes a new key into `file` (mode 0600, never over an existing file); answers its identity. */
export async function createWitnessKey(name: string, file: string): Promise<WitnessIdentity> {
  const seed = ed25519.utils.randomSecretKey();
  const made = identity(name, seed);
  const content: WitnessKeyFile = {
    name,
    privateKey: toBase64(seed),
    verifierKey: made.verifierKey,
  };
  // 'wx': fails when the file exists, so a key in use is never replaced by accident.
  const handle = await open(file, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST')
      throw new Error(`${file} exists: a witness key is never overwritten`);
    throw error;
  });
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return made;
}

export async function loadWitnessKey(file: string): Promise<WitnessIdentity> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<WitnessKeyFile>;
  if (typeof parsed.name !== 'string' || typeof parsed.privateKey !== 'string')
    throw new Error(`${file} is not a witness key file (name, privateKey)`);
  const seed = fromBase64(parsed.privateKey);
  if (seed.length !== 32) throw new Error(`${file}: the private key is not a 32-byte seed`);
  const loaded = identity(parsed.name, seed);
  if (parsed.verifierKey !== undefined && parsed.verifierKey !== loaded.verifierKey)
    throw new Error(`${file}: its verifierKey is not the one its name and private key give`);
  return loaded;
}
