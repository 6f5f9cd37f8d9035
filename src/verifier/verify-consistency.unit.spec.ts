import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from '@jest/globals';

import { toBase64, utf8 } from './bytes.js';
import { checkpointText } from './checkpoint.js';
import { cosign } from './cosignature.js';
import { consistencyRanges, rfc6962, rootOf } from './merkle.js';
import { signNote, verifierKeyString } from './signed-note.js';
import { verifyConsistencyResponse } from './verify-consistency.js';

const ORIGIN = 'keytrail.test/ledger';
const LOG_SEED = new Uint8Array(32).fill(3);
const LOG = {
  name: ORIGIN,
  publicKey: ed25519.getPublicKey(LOG_SEED),
  sign: (m: Uint8Array) => ed25519.sign(m, LOG_SEED),
};
const WITNESS_SEED = new Uint8Array(32).fill(4);
const WITNESS = {
  name: 'witness.test/w1',
  publicKey: ed25519.getPublicKey(WITNESS_SEED),
  sign: (m: Uint8Array) => ed25519.sign(m, WITNESS_SEED),
};
const TREE = Array.from({ length: 20 }, (_, i) => rfc6962.leaf(utf8(`event ${i}`)));

/** The log's checkpoint of `size`, cosigned by the witness as keytrail serves it (`cosignedNote`). */
async function cosigned(size: number): Promise<string> {
  const text = checkpointText({
    origin: ORIGIN,
    size,
    rootHash: rootOf(TREE.slice(0, size)),
    extensions: [],
  });
  return `${await signNote(text, [LOG])}${await cosign(text, WITNESS, 1_780_000_000n)}`;
}

describe('verify-consistency with cosigned checkpoints', () => {
  it('reads checkpoints that carry witnesses’ cosignature lines as it reads plain ones', async () => {
    const report = verifyConsistencyResponse(
      {
        from: 7,
        to: 20,
        proof: consistencyRanges(7, 20).map((r) => toBase64(rootOf(TREE.slice(r.start, r.end)))),
        fromCheckpoint: { note: await cosigned(7) },
        toCheckpoint: { note: await cosigned(20) },
      },
      verifierKeyString(ORIGIN, LOG.publicKey),
    );
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('still needs the log’s own signature: a cosignature alone is not one', async () => {
    const note = await cosigned(7);
    const witnessOnly = note.replace(/\u2014 keytrail\.test\/ledger .*\n/u, '');
    const report = verifyConsistencyResponse(
      {
        from: 7,
        to: 7,
        proof: [],
        fromCheckpoint: { note: witnessOnly },
        toCheckpoint: { note },
      },
      verifierKeyString(ORIGIN, LOG.publicKey),
    );
    expect(report.ok).toBe(false);
    expect(report.failures[0]).toMatch(/older checkpoint does not verify/);
  });
});
