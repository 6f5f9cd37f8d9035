import { ed25519 } from '@noble/curves/ed25519.js';

import { concat, equalBytes, fromBase64, toBase64, toHex, utf8 } from './bytes.js';
import {
  type KeyKind,
  keyIdOf,
  parseTypedKey,
  typedKeyString,
  type VerifierKey,
} from './signed-note.js';

/**
 * C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), Ed25519, `cosignature/v1`: a witness's
 * note signature line `— <name> base64(key id || u64 big-endian timestamp || Ed25519 signature)`, the
 * signature over `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint's note text. The key
 * id is SHA-256(name || 0x0A || 0x04 || public key)[:4]; the verifier key (vkey) is
 * `name+hex(key id)+base64(0x04 || public key)`.
 */
export const COSIGNATURE_V1 = 0x04;
const EM_DASH = '\u2014';
const MAX_TIMESTAMP = 2n ** 63n - 1n;
/** The signed-note spec asks verifiers to accept at least 16 signatures; a note may carry a few more. */
const MAX_SIGNATURE_LINES = 64;

/** A witness's public key, named as its vkey names it. */
export type WitnessKey = VerifierKey;

export class CosignatureError extends Error {
  override name = 'CosignatureError';
}

const WITNESS_KEY: KeyKind = {
  type: COSIGNATURE_V1,
  noun: 'witness key',
  typeProblem: 'a witness key is a cosignature/v1 Ed25519 key (type 0x04)',
  error: CosignatureError,
};

export const cosignatureKeyId = (name: string, publicKey: Uint8Array): Uint8Array =>
  keyIdOf(name, publicKey, COSIGNATURE_V1);

export function witnessKeyString(name: string, publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new CosignatureError('an Ed25519 public key is 32 bytes');
  return typedKeyString(name, publicKey, WITNESS_KEY);
}

/** Parses a witness's vkey `name+hex(keyid)+base64(0x04||key)` and checks its key id. */
export const parseWitnessKey = (text: string): WitnessKey => parseTypedKey(text, WITNESS_KEY);

/** The bytes a cosignature/v1 signature covers: header line, time line, then the note text. */
export function cosignedMessage(noteText: string, timestamp: bigint): Uint8Array {
  if (timestamp < 0n || timestamp > MAX_TIMESTAMP)
    throw new CosignatureError('a cosignature timestamp is between 0 and 2^63-1');
  return utf8(`cosignature/v1\ntime ${timestamp}\n${noteText}`);
}

/** Something that signs with the witness's Ed25519 key (the key stays with whoever holds it). */
export interface CosignatureSigner {
  readonly name: string;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The note signature line `— <name> base64(keyid || timestamp || signature)` over the note text. */
export async function cosign(
  noteText: string,
  signer: CosignatureSigner,
  timestamp: bigint,
): Promise<string> {
  const signature = await signer.sign(cosignedMessage(noteText, timestamp));
  const stamp = new Uint8Array(8);
  new DataView(stamp.buffer).setBigUint64(0, timestamp);
  const bytes = concat(cosignatureKeyId(signer.name, signer.publicKey), stamp, signature);
  return `${EM_DASH} ${signer.name} ${toBase64(bytes)}\n`;
}

export interface NoteSignatureLine {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A signed note's text (with its final newline) and its signature lines, by the signed-note format. */
export function splitNote(note: string): {
  text: string;
  signatures: readonly NoteSignatureLine[];
} {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new CosignatureError('no signature block');
  // eslint-disable-next-line no-control-regex -- the spec allows no control character but newline
  if (/[\u0000-\u0009\u000b-\u001f]/u.test(note))
    throw new CosignatureError('a note holds no control characters but newlines');
  const lines = note.slice(split + 2).split('\n');
  if (lines.pop() !== '') throw new CosignatureError('the note does not end with a newline');
  if (lines.length === 0) throw new CosignatureError('no signature lines');
  if (lines.length > MAX_SIGNATURE_LINES)
    throw new CosignatureError(`more than ${MAX_SIGNATURE_LINES} signature lines`);
  const signatures = lines.map((line) => {
    const match = new RegExp(`^${EM_DASH} ([^\\s+]+) (\\S+)$`, 'u').exec(line);
    if (!match) throw new CosignatureError(`malformed signature line: ${line.slice(0, 60)}`);
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(match[2]!);
    } catch {
      throw new CosignatureError('a signature is not base64');
    }
    if (bytes.length < 5) throw new CosignatureError('a signature is too short');
    return { name: match[1]!, bytes };
  });
  return { text: note.slice(0, split + 1), signatures };
}

/** The timestamp of a cosignature by `key` over the note text, once its signature verifies. */
export function verifyCosignature(
  noteText: string,
  line: NoteSignatureLine,
  key: WitnessKey,
): bigint {
  const { bytes } = line;
  if (line.name !== key.name || !equalBytes(bytes.subarray(0, 4), key.keyId))
    throw new CosignatureError(`not a cosignature by ${key.name}+${toHex(key.keyId)}`);
  if (bytes.length !== 4 + 8 + 64)
    throw new CosignatureError(
      `a cosignature/v1 signature is 76 bytes (key id, timestamp, Ed25519), not ${bytes.length}`,
    );
  const timestamp = new DataView(bytes.buffer, bytes.byteOffset + 4, 8).getBigUint64(0);
  if (timestamp > MAX_TIMESTAMP) throw new CosignatureError('the timestamp exceeds 2^63-1');
  if (!ed25519.verify(bytes.subarray(12), cosignedMessage(noteText, timestamp), key.publicKey))
    throw new CosignatureError(
      `the cosignature by ${key.name}+${toHex(key.keyId)} does not verify`,
    );
  return timestamp;
}

export interface Cosigned {
  readonly witness: string;
  /** When the witness cosigned, POSIX seconds. */
  readonly timestamp: bigint;
}

export interface CosignatureReport {
  /** The listed witnesses whose cosignature verifies, each once, in the order they were listed. */
  readonly cosigned: readonly Cosigned[];
  /** Lines by a listed witness (name and key id) that do not verify: the note is then refused. */
  readonly invalid: readonly string[];
  /** Listed witnesses that did not cosign. */
  readonly missing: readonly string[];
  readonly quorum: number;
  /** At least `quorum` listed witnesses cosigned, and no line by a listed witness failed. */
  readonly ok: boolean;
}

/**
 * Which of the given witnesses cosigned the signed note (a checkpoint), and whether `quorum` of them
 * did. Lines by other keys (the log's signature, unknown witnesses) are ignored, as the signed-note
 * spec says; a line by a listed witness that does not verify refuses the note (its SHOULD).
 */
export function verifyCosignatures(
  note: string,
  witnesses: readonly (WitnessKey | string)[],
  quorum: number,
): CosignatureReport {
  if (!Number.isInteger(quorum) || quorum < 0)
    throw new CosignatureError('the quorum is a whole number, 0 or more');
  const label = (key: WitnessKey) => `${key.name}+${toHex(key.keyId)}`;
  const listed = witnesses.map((w) => (typeof w === 'string' ? parseWitnessKey(w) : w));
  // A witness listed twice counts once towards the quorum.
  const keys = listed.filter((key, i) => listed.findIndex((k) => label(k) === label(key)) === i);
  if (quorum > keys.length)
    throw new CosignatureError(
      `a quorum of ${quorum} needs at least ${quorum} different witnesses`,
    );
  const { text, signatures } = splitNote(note);
  const cosigned: Cosigned[] = [];
  const invalid: string[] = [];
  const missing: string[] = [];
  for (const key of keys) {
    const lines = signatures.filter(
      (line) => line.name === key.name && equalBytes(line.bytes.subarray(0, 4), key.keyId),
    );
    let timestamp: bigint | null = null;
    for (const line of lines) {
      try {
        const verified = verifyCosignature(text, line, key);
        timestamp ??= verified;
      } catch (error) {
        invalid.push(`${label(key)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (timestamp !== null) cosigned.push({ witness: label(key), timestamp });
    else if (lines.length === 0) missing.push(label(key));
  }
  return {
    cosigned,
    invalid,
    missing,
    quorum,
    ok: invalid.length === 0 && cosigned.length >= quorum,
  };
}
