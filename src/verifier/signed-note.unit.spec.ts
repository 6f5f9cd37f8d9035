import { generateKeyPairSync, sign } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { toHex } from './bytes.js';
import { checkpointText, parseCheckpoint } from './checkpoint.js';
import {
  keyIdOf,
  type NoteSigner,
  openNote,
  parseVerifierKey,
  signNote,
  verifierKeyString,
} from './signed-note.js';

function nodeSigner(name: string): NoteSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    name,
    publicKey: new Uint8Array(raw),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

describe('C2SP signed notes and checkpoints', () => {
  it('parses the spec example verifier key and recomputes its key id', () => {
    const key = parseVerifierKey(
      'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k',
    );
    expect(key.name).toBe('example.com/foo');
    expect(toHex(key.keyId)).toBe('530d903a');
    expect(toHex(keyIdOf('example.com/foo', key.publicKey))).toBe('530d903a');
    expect(() =>
      parseVerifierKey('example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'),
    ).toThrow(/key id/);
  });

  it('signs a checkpoint that opens with the verifier key, and refuses it changed or signed by another key', async () => {
    const signer = nodeSigner('keytrail.test/ledger');
    const vkey = parseVerifierKey(verifierKeyString(signer.name, signer.publicKey));
    const text = checkpointText({
      origin: 'keytrail.test/ledger',
      size: 8,
      rootHash: new Uint8Array(32).fill(7),
      extensions: [],
    });
    const note = await signNote(text, [signer]);
    expect(note).toMatch(
      /^keytrail\.test\/ledger\n8\n[A-Za-z0-9+/=]{44}\n\n\u2014 keytrail\.test\/ledger [A-Za-z0-9+/=]+\n$/,
    );
    const opened = openNote(note, [vkey]);
    expect(parseCheckpoint(opened.text)).toMatchObject({ origin: 'keytrail.test/ledger', size: 8 });
    expect(() => openNote(note.replace('\n8\n', '\n9\n'), [vkey])).toThrow(/does not verify/);
    const other = nodeSigner('keytrail.test/ledger');
    expect(() =>
      openNote(note, [parseVerifierKey(verifierKeyString(other.name, other.publicKey))]),
    ).toThrow(/not signed/);
    // Another key's signature added alongside is ignored; ours still decides.
    const both = await signNote(text, [other, signer]);
    expect(openNote(both, [vkey]).text).toBe(text);
  });
});
