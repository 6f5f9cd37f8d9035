import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { concat, equalBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from './bytes.js';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519: a text ending in a newline, a blank
 * line, and signature lines `— <name> <base64(key id || signature)>`. The key id is the first 4 bytes
 * of SHA-256(name || 0x0A || 0x01 || public key); a verifier key is `name+hex(key id)+base64(0x01 ||
 * public key)`.
 */
const ED25519 = 0x01;
const EM_DASH = '\u2014';

export interface VerifierKey {
  readonly name: string;
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

export class NoteError extends Error {
  override name = 'NoteError';
}

const validName = (name: string) => name.length > 0 && !/[\s+]/u.test(name);

/** The key id of a key of the given type (0x01 for note signatures, 0x04 for cosignature/v1). */
export function keyIdOf(name: string, publicKey: Uint8Array, type = ED25519): Uint8Array {
  return sha256(concat(utf8(name), new Uint8Array([0x0a, type]), publicKey)).subarray(0, 4);
}

/** How a kind of key is named in errors, and which error it throws. */
export interface KeyKind {
  readonly type: number;
  readonly noun: string;
  readonly typeProblem: string;
  readonly error: new (message: string) => Error;
}

const NOTE_KEY: KeyKind = {
  type: ED25519,
  noun: 'verifier key',
  typeProblem: 'only Ed25519 verifier keys (0x01) are supported',
  error: NoteError,
};

/** `name+hex(key id)+base64(type || public key)`. */
export function typedKeyString(name: string, publicKey: Uint8Array, kind = NOTE_KEY): string {
  if (!validName(name)) throw new kind.error(`not a key name: ${name}`);
  const encoded = toBase64(concat(new Uint8Array([kind.type]), publicKey));
  return `${name}+${toHex(keyIdOf(name, publicKey, kind.type))}+${encoded}`;
}

export const verifierKeyString = (name: string, publicKey: Uint8Array): string =>
  typedKeyString(name, publicKey);

/** Parses `name+hex(keyid)+base64(type||key)` and checks that the key id is the one the key gives. */
export function parseTypedKey(text: string, kind: KeyKind): VerifierKey {
  // The key's base64 may hold '+' itself: the name and the key id never do.
  const [name = '', hexId = '', ...rest] = text.trim().split('+');
  if (rest.length === 0) throw new kind.error(`a ${kind.noun} is name+keyid+key`);
  if (!validName(name) || !/^[0-9a-f]{8}$/.test(hexId))
    throw new kind.error(`a ${kind.noun} needs a name and an 8-digit hex key id`);
  let key: Uint8Array;
  try {
    key = fromBase64(rest.join('+'));
  } catch {
    throw new kind.error(`the ${kind.noun} is not base64`);
  }
  if (key.length !== 33 || key[0] !== kind.type) throw new kind.error(kind.typeProblem);
  const publicKey = key.subarray(1);
  const keyId = fromHex(hexId);
  if (!equalBytes(keyIdOf(name, publicKey, kind.type), keyId))
    throw new kind.error(`the key id ${hexId} is not the one ${name} and this key give`);
  return { name, keyId, publicKey };
}

export const parseVerifierKey = (text: string): VerifierKey => parseTypedKey(text, NOTE_KEY);

/** Something that signs with an Ed25519 key: in keytrail, node:crypto; in tests, anything. */
export interface NoteSigner {
  readonly name: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (!text.endsWith('\n') || text.includes('\n\n'))
    throw new NoteError('a note text ends with one newline and holds no blank line');
  let lines = '';
  for (const signer of signers) {
    const signature = await signer.sign(utf8(text));
    lines += `${EM_DASH} ${signer.name} ${toBase64(concat(keyIdOf(signer.name, signer.publicKey), signature))}\n`;
  }
  return `${text}\n${lines}`;
}

export interface OpenedNote {
  readonly text: string;
  readonly signedBy: VerifierKey;
}

/**
 * The note's text, once a signature by one of the keys verifies. Signatures by unknown keys are
 * ignored; a signature by a known key that does not verify rejects the note.
 */
export function openNote(note: string, keys: readonly VerifierKey[]): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('no signature block');
  const text = note.slice(0, split + 1);
  const signatureLines = note.slice(split + 2).split('\n');
  if (signatureLines.pop() !== '') throw new NoteError('the note does not end with a newline');
  for (const line of signatureLines) {
    const match = new RegExp(`^${EM_DASH} (\\S+) (\\S+)$`, 'u').exec(line);
    if (!match) throw new NoteError(`malformed signature line: ${line.slice(0, 60)}`);
    const [, name, encoded] = match as unknown as [string, string, string];
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(encoded);
    } catch {
      throw new NoteError('a signature is not base64');
    }
    if (bytes.length < 5) throw new NoteError('a signature is too short');
    const key = keys.find((k) => k.name === name && equalBytes(k.keyId, bytes.subarray(0, 4)));
    if (!key) continue;
    if (bytes.length !== 68 || !ed25519.verify(bytes.subarray(4), utf8(text), key.publicKey))
      throw new NoteError(`the signature by ${name}+${toHex(key.keyId)} does not verify`);
    return { text, signedBy: key };
  }
  throw new NoteError('not signed by any of the given keys');
}
