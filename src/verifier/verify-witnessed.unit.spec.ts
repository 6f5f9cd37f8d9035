import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';

import { toBase64 } from './bytes.js';
import { checkpointText } from './checkpoint.js';
import { cosign, type CosignatureSigner, witnessKeyString } from './cosignature.js';
import { consistencyRanges, rfc6962, rootOf } from './merkle.js';
import { signNote, verifierKeyString } from './signed-note.js';
import type { VerificationReport } from './verify-bundle.js';
import { verifyConsistencyResponse } from './verify-consistency.js';
import { withCosignatures } from './verify-witnessed.js';

const signer = (name: string, byte: number): CosignatureSigner => {
  const seed = new Uint8Array(32).fill(byte);
  return { name, publicKey: ed25519.getPublicKey(seed), sign: (m) => ed25519.sign(m, seed) };
};
const LOG = signer('keytrail.test/ledger', 1);
const [W1, W2, W3] = [2, 3, 4].map((b) => signer(`witness.test/w${b - 1}`, b)) as [
  CosignatureSigner,
  CosignatureSigner,
  CosignatureSigner,
];
const vkey = (w: CosignatureSigner) => witnessKeyString(w.name, w.publicKey);
const leaves = Array.from({ length: 9 }, (_, i) => rfc6962.leaf(new Uint8Array([i])));
const text = (size: number) =>
  checkpointText({
    origin: LOG.name,
    size,
    rootHash: rootOf(leaves.slice(0, size)),
    extensions: [],
  });
const cosigned = async (size: number, witnesses: CosignatureSigner[]) => {
  let note = await signNote(text(size), [LOG]);
  for (const [i, w] of witnesses.entries())
    note += await cosign(text(size), w, 1_764_600_000n + BigInt(i));
  return note;
};

/** The report of a bundle that verified (what verifyBundle answers), for the witnesses to add to. */
const verified: VerificationReport = {
  ok: true,
  deliveryId: 'd-1',
  checked: ['checkpoint of keytrail.test/ledger at tree size 9 signed by keytrail.test/ledger'],
  failures: [],
  checkpoint: null,
};

describe('a verified bundle, and the witnesses who cosigned its checkpoint', () => {
  it('passes with the quorum cosigned, naming each witness and when', async () => {
    const note = await cosigned(9, [W1, W2]);
    const report = withCosignatures(verified, note, [vkey(W1), vkey(W2), vkey(W3)], 2);
    expect(report.ok).toBe(true);
    expect(report.checked).toEqual([
      verified.checked[0],
      expect.stringMatching(
        /^checkpoint cosigned by witness witness\.test\/w1\+[0-9a-f]{8} at 2025-12-01T14:40:00\.000Z$/,
      ),
      expect.stringMatching(
        /^checkpoint cosigned by witness witness\.test\/w2\+[0-9a-f]{8} at 2025-12-01T14:40:01\.000Z$/,
      ),
      '2 witnesses cosigned; the quorum is 2',
    ]);
  });

  it('fails short of the quorum, naming who did not cosign', async () => {
    const report = withCosignatures(verified, await cosigned(9, [W1]), [vkey(W1), vkey(W3)], 2);
    expect(report.ok).toBe(false);
    expect(report.checked).toEqual([]);
    expect(report.failures).toEqual([
      {
        check: 'witnesses',
        message: expect.stringMatching(
          /^1 of the 2 cosignatures asked for \(not cosigned by witness\.test\/w3\+/,
        ),
      },
    ]);
  });

  it("fails when a listed witness's line is over another checkpoint, and keeps the bundle's own failures", async () => {
    const note = await signNote(text(9), [LOG]);
    const moved = note + (await cosign(text(8), W1, 1_764_600_000n));
    const failed: VerificationReport = {
      ...verified,
      ok: false,
      checked: [],
      failures: [{ check: 'chain', message: 'broken' }],
    };
    const report = withCosignatures(failed, moved, [vkey(W1)], 1);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.check)).toEqual(['chain', 'witnesses', 'witnesses']);
    expect(report.failures[1]!.message).toMatch(/does not verify/);
    // A note that is not one at all is a named failure, not a crash.
    expect(withCosignatures(verified, 'not a note', [vkey(W1)], 1).failures[0]).toEqual({
      check: 'witnesses',
      message: 'no signature block',
    });
  });

  it('verify-consistency accepts cosigned checkpoints: the log key opens them, cosignatures are ignored', async () => {
    const report = verifyConsistencyResponse(
      {
        from: 5,
        to: 9,
        proof: consistencyRanges(5, 9).map((r) => toBase64(rootOf(leaves.slice(r.start, r.end)))),
        fromCheckpoint: { note: await cosigned(5, [W1, W2]) },
        toCheckpoint: { note: await cosigned(9, [W1, W2, W3]) },
      },
      verifierKeyString(LOG.name, LOG.publicKey),
    );
    expect(report).toMatchObject({ ok: true, failures: [] });
  });
});
