import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';

import { ed25519Signer, logSigner } from '../src/integrity/log-signer.js';
import { verifyCosignatures, witnessKeyString } from '../src/verifier/cosignature.js';
import { parseVerifierKey } from '../src/verifier/signed-note.js';
import { Witness } from '../src/witness/add-checkpoint.js';
import { WitnessState } from '../src/witness/witness-state.js';
import { MAX_BODY_BYTES, witnessServer } from '../src/witness/witness-server.js';
import {
  addCheckpoint,
  addCheckpointBody,
  checkpointNote,
  grow,
  HONEST,
  leaves,
  LOG,
  ORIGIN,
  proofLines,
  seed,
  type WitnessReply,
} from './support/witness-log.js';

const WITNESS_SEED = seed(9);
const WITNESS_NAME = 'witness.test/w1';
const WITNESS_KEY = witnessKeyString(WITNESS_NAME, ed25519.getPublicKey(WITNESS_SEED));

describe('the witness, against C2SP tlog-witness, over HTTP', () => {
  let dir: string;
  let state: WitnessState;
  let base: string;
  let close: () => Promise<void>;

  /** The state files, byte for byte: a refusal must leave them as they were. */
  const stateBytes = () =>
    readdirSync(dir)
      .filter((name) => name.startsWith('log-'))
      .sort()
      .map((name) => `${name}:${readFileSync(path.join(dir, name), 'utf8')}`)
      .join('\n');

  /** A refused request: the status the spec names, never a cosignature, the state untouched. */
  const refused = async (body: string | Uint8Array, status: number): Promise<WitnessReply> => {
    const before = stateBytes();
    const reply = await addCheckpoint(base, body);
    expect({ status: reply.status, body: reply.body }).toMatchObject({ status });
    expect(reply.body).not.toContain('\u2014');
    expect(stateBytes()).toBe(before);
    return reply;
  };

  const cosignedBy = (note: string, reply: WitnessReply) =>
    verifyCosignatures(`${note}${reply.body}`, [WITNESS_KEY], 1);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-witness-'));
    state = await WitnessState.open(dir);
    const other = logSigner('keytrail.test/other-ledger', seed(8));
    const witness = new Witness({
      signer: ed25519Signer(WITNESS_NAME, WITNESS_SEED),
      logs: new Map([
        [ORIGIN, [parseVerifierKey(LOG.verifierKeys[0]!)]],
        [other.origin, [parseVerifierKey(other.verifierKeys[0]!)]],
      ]),
      state,
    });
    const server = witnessServer(witness);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await state.close();
    };
  });

  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cosigns the first checkpoint from size 0, then growth with a consistency proof', async () => {
    const first = await checkpointNote(5);
    const reply = await addCheckpoint(base, addCheckpointBody(0, [], first));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatch(/^\u2014 witness\.test\/w1 [A-Za-z0-9+/=]+\n$/u);
    const report = cosignedBy(first, reply);
    expect(report.ok).toBe(true);
    const now = BigInt(Math.floor(Date.now() / 1000));
    expect(report.cosigned[0]!.timestamp).toBeGreaterThan(now - 60n);
    expect(report.cosigned[0]!.timestamp).toBeLessThanOrEqual(now + 1n);

    const grown = await checkpointNote(12);
    const next = await addCheckpoint(base, addCheckpointBody(5, proofLines(5, 12), grown));
    expect(next.status).toBe(200);
    expect(cosignedBy(grown, next).ok).toBe(true);
    // The cosignature is over this checkpoint only.
    expect(cosignedBy(first, next).ok).toBe(false);

    // The same checkpoint again is cosigned again: it is still the largest the witness saw.
    const again = await addCheckpoint(base, addCheckpointBody(12, [], grown));
    expect(again.status).toBe(200);
    expect(cosignedBy(grown, again).ok).toBe(true);
  });

  it('answers 409 with its size as text/x.tlog.size when the old size is not the one it stored', async () => {
    for (const old of [0, 5, 11]) {
      const reply = await refused(
        addCheckpointBody(old, proofLines(old, 16), await checkpointNote(16)),
        409,
      );
      expect(reply.contentType).toBe('text/x.tlog.size');
      expect(reply.body).toBe('12\n');
    }
  });

  it('refuses a fork: another root at the size it cosigned, or a larger tree that does not extend it', async () => {
    const forked = leaves(64, 8);
    const sameSize = await refused(
      addCheckpointBody(12, [], await checkpointNote(12, forked)),
      409,
    );
    expect(sameSize.contentType).not.toBe('text/x.tlog.size');
    expect(sameSize.body).toContain('a different root at size 12');
    // A proof made honestly over the forked tree: it leads to the forked root, not the stored one.
    await refused(
      addCheckpointBody(12, proofLines(12, 20, forked), await checkpointNote(20, forked)),
      422,
    );
    // The honest proof with the forked checkpoint: its root is not the one the proof leads to.
    await refused(addCheckpointBody(12, proofLines(12, 20), await checkpointNote(20, forked)), 422);
  });

  it('refuses a rollback to a smaller tree, whatever old size it claims', async () => {
    const smaller = await checkpointNote(8);
    const claimsStored = await refused(addCheckpointBody(12, [], smaller), 400);
    expect(claimsStored.body).toContain('larger than');
    const claimsSmaller = await refused(addCheckpointBody(8, [], smaller), 409);
    expect(claimsSmaller.body).toBe('12\n');
  });

  it('refuses a proof that does not verify (422)', async () => {
    const note = await checkpointNote(20);
    const proof = proofLines(12, 20);
    const flipped = [...proof];
    flipped[0] = Buffer.from(
      Buffer.from(proof[0]!, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b)),
    ).toString('base64');
    await refused(addCheckpointBody(12, flipped, note), 422);
    await refused(addCheckpointBody(12, [], note), 422);
    await refused(addCheckpointBody(12, proof.slice(1), note), 422);
    await refused(addCheckpointBody(12, [...proof, proof[0]!], note), 422);
    await refused(
      addCheckpointBody(
        12,
        ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
        await checkpointNote(12),
      ),
      422,
    );
  });

  it("refuses a checkpoint the log's key did not sign (403)", async () => {
    const impostor = ed25519Signer(ORIGIN, seed(66));
    await refused(
      addCheckpointBody(12, proofLines(12, 20), await checkpointNote(20, HONEST, impostor)),
      403,
    );
    // The log's own signature over other bytes: the size changed after signing.
    const note = await checkpointNote(20);
    await refused(addCheckpointBody(12, proofLines(12, 21), note.replace('\n20\n', '\n21\n')), 403);
    // Its signature line damaged.
    const line = note.split('\n')[4]!;
    const bytes = Buffer.from(line.split(' ')[2]!, 'base64');
    bytes[10] = bytes[10]! ^ 1;
    const damaged = note.replace(line, `\u2014 ${ORIGIN} ${bytes.toString('base64')}`);
    await refused(addCheckpointBody(12, proofLines(12, 20), damaged), 403);
  });

  it('answers 404 for an origin it does not witness', async () => {
    const stranger = logSigner('keytrail.test/unknown', seed(5));
    const note = await checkpointNote(5, HONEST, stranger.signer, stranger.origin);
    const reply = await refused(addCheckpointBody(0, [], note), 404);
    expect(reply.body).toContain('unknown log origin');
  });

  it('answers 400 to a malformed body, 413 to one too large, never a 5xx', async () => {
    const note = await checkpointNote(20);
    const proof = proofLines(12, 20);
    const bodies: (string | Uint8Array)[] = [
      '',
      '\n',
      'old 12\n',
      `old 12\n${proof.join('\n')}\n${note}`.replace(/\n\n/g, '\n'),
      addCheckpointBody(12, proof, note).replace('old 12', 'old -1'),
      addCheckpointBody(12, proof, note).replace('old 12', 'old 012'),
      addCheckpointBody(12, proof, note).replace('old 12', 'old  12'),
      addCheckpointBody(12, proof, note).replace('old 12', 'old 12.0'),
      addCheckpointBody(12, proof, note).replace('old 12', 'old 99999999999999999999'),
      addCheckpointBody(12, proof, note).replace('old 12', 'new 12'),
      addCheckpointBody(12, ['not base64!', ...proof.slice(1)], note),
      addCheckpointBody(12, [proof[0]!.slice(0, 40) + '==', ...proof.slice(1)], note),
      addCheckpointBody(
        12,
        Array.from({ length: 64 }, () => proof[0]!),
        note,
      ),
      addCheckpointBody(12, proof, note.replace('\n20\n', '\n020\n')),
      addCheckpointBody(12, proof, note.replace(/\n\n.*$/su, '\n')),
      addCheckpointBody(12, proof, `${note}garbage\n`),
      addCheckpointBody(12, proof, note.replace(ORIGIN, `${ORIGIN}\u0007`)),
      Buffer.concat([Buffer.from(addCheckpointBody(12, proof, note)), Buffer.from([0xff, 0xfe])]),
      addCheckpointBody(12, proof, note).replace('\n\n', '\r\n\r\n'),
    ];
    for (const body of bodies) await refused(body, 400);
    await refused('x'.repeat(MAX_BODY_BYTES + 1), 413);
    const get = await fetch(`${base}/add-checkpoint`);
    expect(get.status).toBe(405);
    const elsewhere = await fetch(`${base}/checkpoint`, { method: 'POST', body: '' });
    expect(elsewhere.status).toBe(404);
  });

  it('checks the old size and stores the checkpoint in one step: of two racing requests, one is cosigned', async () => {
    const [a, b] = await Promise.all([grow(base, 12, 16), grow(base, 12, 20)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status === 200 ? 16 : 20;
    expect((a.status === 409 ? a : b).body).toBe(`${winner}\n`);
    const stored = await state.read(ORIGIN);
    expect(stored.size).toBe(winner);
    // And it goes on from there.
    expect((await grow(base, winner, 24)).status).toBe(200);
    expect((await state.read(ORIGIN)).size).toBe(24);
  });

  it('keeps each log apart: another origin starts at 0', async () => {
    const other = logSigner('keytrail.test/other-ledger', seed(8));
    const note = await checkpointNote(3, HONEST, other.signer, other.origin);
    const reply = await addCheckpoint(base, addCheckpointBody(0, [], note));
    expect(reply.status).toBe(200);
    expect(cosignedBy(note, reply).ok).toBe(true);
    expect((await state.read(ORIGIN)).size).toBe(24);
  });
});
