import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { fromBase64 } from '../verifier/bytes.js';
import { checkpointText } from '../verifier/checkpoint.js';
import { verifyCosignatures, witnessKeyString } from '../verifier/cosignature.js';
import { consistencyRanges, rfc6962, rootOf } from '../verifier/merkle.js';
import { parseVerifierKey, signNote } from '../verifier/signed-note.js';
import { utf8 } from '../verifier/bytes.js';
import { Witness } from '../witness/add-checkpoint.js';
import { WitnessState } from '../witness/witness-state.js';
import { cosignedNote, type StoredCosignature } from './cosignatures.js';
import { logSigner } from './log-signer.js';
import { type WitnessFailure, WitnessSender } from './witnessing.js';

const ORIGIN = 'keytrail.test/ledger';
const LOG = logSigner(ORIGIN, new Uint8Array(32).fill(7));
const TREE = Array.from({ length: 64 }, (_, i) => rfc6962.leaf(utf8(`event ${i}`)));
const WITNESS_SEED = new Uint8Array(32).fill(9);
const WITNESS_NAME = 'witness.test/w1';
const WITNESS_VKEY = witnessKeyString(WITNESS_NAME, ed25519.getPublicKey(WITNESS_SEED));

const noteOf = (size: number) =>
  signNote(
    checkpointText({ origin: ORIGIN, size, rootHash: rootOf(TREE.slice(0, size)), extensions: [] }),
    [LOG.signer],
  );

/** A log of TREE whose latest checkpoint the test moves, and a store in memory. */
function fixture() {
  let latest: { treeSize: number; note: string } | null = null;
  const stored: StoredCosignature[] = [];
  const failures: WitnessFailure[] = [];
  const log = {
    latest: () => Promise.resolve(latest),
    consistencyProof: (from: number, to: number) =>
      Promise.resolve(consistencyRanges(from, to).map((r) => rootOf(TREE.slice(r.start, r.end)))),
  };
  const store = {
    save: (c: StoredCosignature) => {
      stored.push(c);
      return Promise.resolve();
    },
    cosignedSizes: () =>
      Promise.resolve(
        new Map(stored.map((c) => [c.witness, Math.max(...stored.map((s) => s.treeSize))])),
      ),
  };
  const observer = {
    cosigned: () => {},
    resent: () => {},
    failed: (_: string, r: WitnessFailure) => failures.push(r),
  };
  return {
    stored,
    failures,
    sender: (fetcher: typeof fetch) =>
      new WitnessSender(
        { name: WITNESS_NAME, url: 'http://witness.test', verifierKey: WITNESS_VKEY },
        log,
        store,
        observer,
        {
          timeoutMs: 1000,
          fetch: fetcher,
        },
      ),
    async grow(size: number) {
      latest = { treeSize: size, note: await noteOf(size) };
      return latest;
    },
  };
}

const answer = (status: number, body: string, contentType = 'text/plain; charset=utf-8') =>
  Promise.resolve(new Response(body, { status, headers: { 'content-type': contentType } }));

describe('sending checkpoints to a witness', () => {
  let dir: string;
  let state: WitnessState;
  let witness: Witness;
  const requests: string[] = [];
  /** The real witness (src/witness), in this process, behind a fetch. */
  const realWitness: typeof fetch = async (_url, init) => {
    const body = init!.body as string;
    requests.push(body);
    const reply = await witness.addCheckpoint(utf8(body));
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': reply.contentType },
    });
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-witnessing-'));
    state = await WitnessState.open(dir);
    witness = new Witness({
      signer: {
        name: WITNESS_NAME,
        publicKey: ed25519.getPublicKey(WITNESS_SEED),
        sign: (m) => ed25519.sign(m, WITNESS_SEED),
      },
      logs: new Map([[ORIGIN, [parseVerifierKey(LOG.verifierKeys[0]!)]]]),
      state,
    });
    requests.length = 0;
  });

  afterEach(async () => {
    await state.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends each new checkpoint with the proof from the size the witness last cosigned, and stores what verifies', async () => {
    const f = fixture();
    const sender = f.sender(realWitness);
    await f.grow(5);
    expect(await sender.step()).toBe(5);
    expect(requests[0]).toMatch(/^old 0\n\n/);
    const latest = await f.grow(23);
    expect(await sender.step()).toBe(23);
    expect(requests[1]).toMatch(/^old 5\n([A-Za-z0-9+/=]{44}\n)+\n/);
    expect(await sender.step()).toBeNull();
    expect(requests).toHaveLength(2);
    expect(f.stored.map((c) => c.treeSize)).toEqual([5, 23]);
    const note = cosignedNote(latest.note, f.stored.slice(1));
    expect(verifyCosignatures(note, [WITNESS_VKEY], 1).ok).toBe(true);
  });

  it('on a 409 reads the size the witness has and sends again once from there', async () => {
    const f = fixture();
    // The witness already cosigned 10 (another process of the log sent it).
    await f.grow(10);
    await f.sender(realWitness).step();
    const fresh = fixture();
    await fresh.grow(30);
    requests.length = 0;
    expect(await fresh.sender(realWitness).step()).toBe(30);
    expect(requests.map((r) => r.split('\n')[0])).toEqual(['old 0', 'old 10']);
  });

  it('stores nothing a witness answers that does not verify, and names why', async () => {
    const f = fixture();
    await f.grow(5);
    const garbage = async (text: string, status = 200, type?: string) => {
      await expect(f.sender(() => answer(status, text, type)).step()).rejects.toThrow();
    };
    const real = (await witness.addCheckpoint(utf8(`old 0\n\n${await noteOf(5)}`))).body;
    const bytes = fromBase64(real.trim().split(' ')[2]!);
    bytes[bytes.length - 1]! ^= 1;
    await garbage(`\u2014 ${WITNESS_NAME} ${Buffer.from(bytes).toString('base64')}\n`);
    await garbage('cosigned, trust me\n');
    await garbage('');
    await garbage('x'.repeat(20_000));
    await garbage('99\n', 409, 'text/x.tlog.size');
    await garbage('not a size\n', 409, 'text/x.tlog.size');
    await garbage('a fork\n', 409);
    await garbage('bad proof\n', 422);
    await expect(
      f.sender(() => Promise.reject(new TypeError('fetch failed'))).step(),
    ).rejects.toThrow('fetch failed');
    expect(f.stored).toEqual([]);
    expect(f.failures).toEqual([
      'bad_answer',
      'bad_answer',
      'bad_answer',
      'bad_answer',
      'ahead_of_log',
      'bad_answer',
      'size_mismatch',
      'refused',
      'unreachable',
    ]);
  });

  it('gives up on a witness that does not answer in time', async () => {
    const f = fixture();
    await f.grow(5);
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_, reject) =>
        init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason as Error)),
      );
    const sender = new WitnessSender(
      { name: WITNESS_NAME, url: 'http://witness.test', verifierKey: WITNESS_VKEY },
      {
        latest: async () => ({ treeSize: 5, note: await noteOf(5) }),
        consistencyProof: async () => [],
      },
      { save: () => Promise.resolve(), cosignedSizes: () => Promise.resolve(new Map()) },
      { cosigned: () => {}, resent: () => {}, failed: () => {} },
      { timeoutMs: 100, fetch: hanging },
    );
    const started = Date.now();
    await expect(sender.step()).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
