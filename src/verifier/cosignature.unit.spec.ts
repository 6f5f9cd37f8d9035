import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import { checkpointText } from './checkpoint.js';
import {
  cosign,
  type CosignatureSigner,
  parseWitnessKey,
  verifyCosignatures,
  witnessKeyString,
} from './cosignature.js';
import { signNote, type NoteSigner } from './signed-note.js';

/** An Ed25519 key from node:crypto: independent of the @noble code under test. */
interface NodeKey extends CosignatureSigner, NoteSigner {
  readonly der: Buffer;
  sign(message: Uint8Array): Uint8Array;
}

function nodeKey(name: string): NodeKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    name,
    der,
    publicKey: new Uint8Array(der.subarray(-32)),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** The spec's key id for a cosignature/v1 key, computed here from its definition. */
const specKeyId = (name: string, publicKey: Uint8Array) =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x04]), publicKey]))
    .digest()
    .subarray(0, 4);

const LOG = nodeKey('keytrail.test/ledger');
const TEXT = checkpointText({
  origin: 'keytrail.test/ledger',
  size: 20852163,
  rootHash: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'),
  extensions: [],
});

/** A cosignature line built byte by byte from the tlog-cosignature spec, with node:crypto. */
function specCosignature(witness: NodeKey, text: string, time: number) {
  const message = `cosignature/v1\ntime ${time}\n${text}`;
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(time));
  const signature = witness.sign(Buffer.from(message, 'utf8'));
  const bytes = Buffer.concat([specKeyId(witness.name, witness.publicKey), stamp, signature]);
  return `— ${witness.name} ${bytes.toString('base64')}\n`;
}

describe('cosignature/v1 (C2SP tlog-cosignature)', () => {
  it('writes the vkey as name+keyid+base64(0x04 || key) and reads it back', () => {
    const witness = nodeKey('witness.example/w1');
    const vkey = witnessKeyString(witness.name, witness.publicKey);
    const hexId = specKeyId(witness.name, witness.publicKey).toString('hex');
    const keyData = Buffer.concat([Buffer.from([0x04]), witness.publicKey]).toString('base64');
    expect(vkey).toBe(`witness.example/w1+${hexId}+${keyData}`);
    const parsed = parseWitnessKey(vkey);
    expect(parsed.name).toBe(witness.name);
    expect(Buffer.from(parsed.publicKey).equals(Buffer.from(witness.publicKey))).toBe(true);
    expect(Buffer.from(parsed.keyId).equals(specKeyId(witness.name, witness.publicKey))).toBe(true);
  });

  it('refuses a vkey of the log type (0x01), with a wrong key id, or not base64', () => {
    const witness = nodeKey('witness.example/w1');
    const vkey = witnessKeyString(witness.name, witness.publicKey);
    const typeOne = Buffer.concat([Buffer.from([0x01]), witness.publicKey]).toString('base64');
    const hexId = vkey.split('+')[1]!;
    expect(() => parseWitnessKey(`witness.example/w1+${hexId}+${typeOne}`)).toThrow(/0x04/);
    const otherId = (parseInt(hexId, 16) ^ 1).toString(16).padStart(8, '0');
    expect(() => parseWitnessKey(vkey.replace(hexId, otherId))).toThrow(/key id/);
    expect(() => parseWitnessKey(`witness.example/w1+${hexId}+not*base64`)).toThrow(/base64/);
  });

  it('signs the bytes the spec defines: key id, 8-byte big-endian time, Ed25519 over the cosigned message', async () => {
    const witness = nodeKey('witness.example/w1');
    const line = await cosign(TEXT, witness, 1679315147n);
    const match = /^— witness\.example\/w1 (\S+)\n$/u.exec(line);
    expect(match).not.toBeNull();
    const bytes = Buffer.from(match![1]!, 'base64');
    expect(bytes).toHaveLength(76);
    expect(bytes.subarray(0, 4).equals(specKeyId(witness.name, witness.publicKey))).toBe(true);
    expect(bytes.subarray(4, 12).toString('hex')).toBe('00000000641850cb');
    const message = Buffer.from(
      'cosignature/v1\ntime 1679315147\nkeytrail.test/ledger\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    const key = createPublicKey({ key: witness.der, format: 'der', type: 'spki' });
    expect(verify(null, message, key, bytes.subarray(12))).toBe(true);
    // The same signature does not cover another time line: the timestamp is signed.
    expect(
      verify(
        null,
        Buffer.from(message.toString().replace('1679315147', '1679315148')),
        key,
        bytes.subarray(12),
      ),
    ).toBe(false);
  });

  it('counts the listed witnesses whose spec-built cosignature verifies, ignoring the log and strangers', async () => {
    const [w1, w2, w3, stranger] = ['w1', 'w2', 'w3', 'w4'].map((n) =>
      nodeKey(`witness.example/${n}`),
    ) as [NodeKey, NodeKey, NodeKey, NodeKey];
    const vkeys = [w1, w2, w3].map((w) => witnessKeyString(w.name, w.publicKey));
    const note =
      (await signNote(TEXT, [LOG])) +
      specCosignature(w1, TEXT, 1700000000) +
      specCosignature(stranger, TEXT, 1700000001) +
      specCosignature(w2, TEXT, 1700000002);
    const two = verifyCosignatures(note, vkeys, 2);
    expect(two).toMatchObject({ ok: true, invalid: [], quorum: 2 });
    expect(two.cosigned).toEqual([
      { witness: vkeys[0]!.split('+').slice(0, 2).join('+'), timestamp: 1700000000n },
      { witness: vkeys[1]!.split('+').slice(0, 2).join('+'), timestamp: 1700000002n },
    ]);
    expect(two.missing).toEqual([vkeys[2]!.split('+').slice(0, 2).join('+')]);
    expect(verifyCosignatures(note, vkeys, 3).ok).toBe(false);
    // The same witness listed twice is one witness.
    expect(() => verifyCosignatures(note, [vkeys[0]!, vkeys[0]!], 2)).toThrow(/2 different/);
  });

  it('refuses a note whose listed witness signed another checkpoint, another time, or with the log type', async () => {
    const witness = nodeKey('witness.example/w1');
    const vkey = witnessKeyString(witness.name, witness.publicKey);
    const signed = await signNote(TEXT, [LOG]);
    const other = TEXT.replace('20852163', '20852164');
    const wrongCheckpoint = signed + specCosignature(witness, other, 1700000000);
    expect(verifyCosignatures(wrongCheckpoint, [vkey], 1)).toMatchObject({
      ok: false,
      cosigned: [],
    });
    expect(verifyCosignatures(wrongCheckpoint, [vkey], 1).invalid[0]).toMatch(/does not verify/);
    // Move the time: the 8 bytes after the key id say 1700000001, the signature was for ...000.
    const line = specCosignature(witness, TEXT, 1700000000);
    const bytes = Buffer.from(line.split(' ')[2]!.trim(), 'base64');
    bytes.writeBigUInt64BE(1700000001n, 4);
    const movedTime = `${signed}— ${witness.name} ${bytes.toString('base64')}\n`;
    expect(verifyCosignatures(movedTime, [vkey], 1).ok).toBe(false);
    // An Ed25519 note signature (no timestamp) is not a cosignature, even under the witness's name.
    const plainSignature = Buffer.concat([
      specKeyId(witness.name, witness.publicKey),
      witness.sign(Buffer.from(TEXT)),
    ]);
    const untimed = `${signed}— ${witness.name} ${plainSignature.toString('base64')}\n`;
    expect(verifyCosignatures(untimed, [vkey], 1).invalid[0]).toMatch(/76 bytes/);
    // And quorum 0 with no cosignature passes: a policy that asks for none gets none.
    expect(verifyCosignatures(signed, [vkey], 0)).toMatchObject({
      ok: true,
      missing: [`${witness.name}+${vkey.split('+')[1]}`],
    });
  });
});
