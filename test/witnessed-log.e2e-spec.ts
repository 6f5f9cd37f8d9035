import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';

import { logSigner } from '../src/integrity/log-signer.js';
import { toBase64, utf8 } from '../src/verifier/bytes.js';
import { checkpointText } from '../src/verifier/checkpoint.js';
import { verifyCosignatures } from '../src/verifier/cosignature.js';
import { consistencyRanges, inclusionRanges, rfc6962, rootOf } from '../src/verifier/merkle.js';
import type { ProofBundle } from '../src/verifier/proof-bundle.js';
import { openNote, parseVerifierKey, signNote } from '../src/verifier/signed-note.js';
import { verifyBundle } from '../src/verifier/verify-bundle.js';
import {
  chaosDataDir,
  freePort,
  scheduleDeliveryBody,
  type ServerProcess,
  serverToken,
  startServer,
} from './chaos/server-process.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import {
  CLI,
  keytrail,
  keytrailAsync,
  startWitness,
  type WitnessProcess,
} from './support/witness-process.js';
import { addCheckpoint, addCheckpointBody } from './support/witness-log.js';

// These run the built CLI (a process start of about 2 s each) on a shared 2-core machine.
jest.setTimeout(180_000);

const ORIGIN = 'keytrail.witnessed.test/ledger';

interface LatestCheckpoint {
  treeSize: number;
  note: string;
  cosignedNote: string;
  cosignatures: { witness: string; cosignedAt: string }[];
}

/**
 * The log side of witnessing, end to end: keytrail (dist/src/main.js) with KEYTRAIL_WITNESSES naming
 * two `keytrail witness` processes and a quorum of 2. They cosign its growing log, across a restart;
 * a delivery's bundle verifies with quorum 2. Then the operator forks its log (same origin, same key,
 * another tree): both witnesses refuse it, and a bundle on the forked checkpoint — which the log's
 * key alone accepts — fails with quorum 2.
 */
describe('a witnessed log: cosigned as it grows, and a split view caught', () => {
  let dir: string;
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  const witnesses: { name: string; vkey: string; base: string; process: WitnessProcess }[] = [];
  const seed = randomBytes(32);
  const log = logSigner(ORIGIN, new Uint8Array(seed));
  const logKey = log.verifierKeys[0]!;
  let port: number;
  let dataDir: string;
  let env: Record<string, string>;
  let token = '';

  const start = async () => {
    server = await startServer({ databaseUrl: database.url, port, dataDir, env });
  };
  const stop = async () => {
    expect(await server!.stop('SIGTERM')).toBe(0);
    server = null;
  };
  const get = async (route: string, headers: Record<string, string> = {}) =>
    fetch(`${server!.base}${route}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const schedule = async (deliveryId = randomUUID()) => {
    const res = await fetch(`${server!.base}/v1/deliveries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(scheduleDeliveryBody(deliveryId)),
    });
    expect(res.status).toBe(201);
    return deliveryId;
  };
  const query = async <Row extends object>(sql: string): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<Row>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const leaves = async () =>
    (
      await query<{ hash: Buffer }>(
        'SELECT hash FROM read.merkle_nodes WHERE level = 0 ORDER BY idx',
      )
    ).map((row) => new Uint8Array(row.hash));
  const eventCount = async () =>
    Number((await query<{ n: string }>('SELECT count(*) AS n FROM ledger.events'))[0]!.n);
  /** The latest checkpoint once it covers every event stored and both witnesses cosigned it. */
  const cosignedLatest = async (): Promise<LatestCheckpoint> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [events, res] = await Promise.all([eventCount(), get('/v1/checkpoints/latest')]);
      const latest = res.status === 200 ? ((await res.json()) as LatestCheckpoint) : null;
      if (latest && latest.treeSize === events && latest.cosignatures.length === 2) return latest;
      if (Date.now() > deadline)
        throw new Error(
          `not cosigned by both: ${JSON.stringify(latest)}; ${server!.output.join('').slice(-1500)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** The size a witness stored, as it answers a request that claims none. */
  const witnessSize = async (base: string, note: string) => {
    const reply = await addCheckpoint(base, addCheckpointBody(0, [], note));
    expect(reply.status).toBe(409);
    expect(reply.contentType).toBe('text/x.tlog.size');
    return Number(reply.body);
  };
  const verifyFile = (bundle: unknown, extra: string[]) => {
    const file = path.join(dir, `bundle-${randomUUID()}.json`);
    writeFileSync(file, JSON.stringify(bundle));
    return keytrailAsync(['verify', file, '--key', logKey, ...extra]);
  };
  const quorumOf2 = () => witnesses.flatMap((w) => ['--witness', w.vkey]).concat('--quorum', '2');

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server first`);
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-witnessed-'));
    database = await createTestDatabase();
    for (const name of ['witness.insurer.test/w1', 'witness.carmaker.test/w2']) {
      const keyFile = path.join(dir, `${witnesses.length}.key`);
      const made = keytrail(['witness', 'init', '--name', name, '--key-out', keyFile]);
      expect(made.status).toBe(0);
      const witnessPort = await freePort();
      const child = await startWitness([
        '--key',
        keyFile,
        '--state',
        path.join(dir, `state-${witnesses.length}`),
        '--log',
        `${ORIGIN}=${logKey}`,
        '--port',
        String(witnessPort),
      ]);
      witnesses.push({
        name,
        vkey: made.stdout.trim(),
        base: `http://127.0.0.1:${witnessPort}`,
        process: child,
      });
    }
    const keysFile = path.join(dir, 'signing-keys.json');
    writeFileSync(
      keysFile,
      JSON.stringify({ origin: ORIGIN, privateKey: seed.toString('base64') }),
    );
    port = await freePort();
    dataDir = chaosDataDir();
    env = {
      KEYTRAIL_SIGNING_KEYS_FILE: keysFile,
      KEYTRAIL_CHECKPOINT_EVERY_MS: '100',
      KEYTRAIL_WITNESSES: `${witnesses.map((w) => `${w.vkey}=${w.base}`).join(' ')} quorum=2`,
    };
    token = await serverToken('delivery-system', 'delivery-service');
    await start();
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    for (const w of witnesses) await w.process.stop('SIGKILL');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let delivery = '';

  it('both witnesses cosign each new checkpoint of the growing log; the latest is served with them', async () => {
    const sizes: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const id = await schedule();
      if (round === 1) delivery = id;
      const latest = await cosignedLatest();
      sizes.push(latest.treeSize);
      expect(latest.cosignatures.map((c) => c.witness).sort()).toEqual(
        witnesses.map((w) => w.name).sort(),
      );
      // The log's note unchanged; the cosigned one verifies with the log key and both witness keys.
      expect(latest.cosignedNote.startsWith(latest.note)).toBe(true);
      openNote(latest.cosignedNote, [parseVerifierKey(logKey)]);
      const report = verifyCosignatures(
        latest.cosignedNote,
        witnesses.map((w) => w.vkey),
        2,
      );
      expect(report.ok).toBe(true);
      const text = await get('/v1/checkpoints/latest', { accept: 'text/plain' });
      expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(
        verifyCosignatures(
          await text.text(),
          witnesses.map((w) => w.vkey),
          2,
        ).ok,
      ).toBe(true);
    }
    expect(new Set(sizes).size).toBe(3);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

    const health = (await (await fetch(`${server!.base}/health`)).json()) as {
      details: { witnesses: { status: string; witnesses: { witness: string; lag: number }[] } };
    };
    expect(health.details.witnesses.witnesses.map((w) => w.lag)).toEqual([0, 0]);
    const metrics = await (await fetch(`${server!.base}/metrics`)).text();
    for (const w of witnesses)
      expect(metrics).toContain(`keytrail_witness_lag_events{witness="${w.name}"} 0`);
  });

  it('after a restart the log goes on from the size each witness cosigned', async () => {
    const before = await cosignedLatest();
    await stop();
    await start();
    await schedule();
    const after = await cosignedLatest();
    expect(after.treeSize).toBeGreaterThan(before.treeSize);
    for (const w of witnesses) expect(await witnessSize(w.base, after.note)).toBe(after.treeSize);
    // It remembered: no witness had to tell it its size (a 409) after the restart.
    const metrics = await (await fetch(`${server!.base}/metrics`)).text();
    expect(metrics).not.toMatch(/keytrail_witness_resends_total\{[^}]*\} [1-9]/);
    expect(metrics).not.toMatch(/keytrail_witness_failures_total\{[^}]*\} [1-9]/);
    for (const w of witnesses)
      expect(metrics).toMatch(
        new RegExp(`keytrail_witness_cosignatures_total\\{witness="${w.name}"\\} [1-9]`),
      );
  });

  let honest: ProofBundle;

  it("a delivery's proof bundle carries the cosigned checkpoint and verifies with quorum 2", async () => {
    const res = await get(`/v1/deliveries/${delivery}/proof`);
    expect(res.status).toBe(200);
    honest = (await res.json()) as ProofBundle;
    expect(
      verifyCosignatures(
        honest.checkpoint,
        witnesses.map((w) => w.vkey),
        2,
      ).ok,
    ).toBe(true);
    const verified = await verifyFile(honest, quorumOf2());
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/^VERIFIED delivery/);
    for (const w of witnesses) expect(verified.stdout).toContain(`cosigned by witness ${w.name}`);
    expect(verified.stdout).toContain('2 witnesses cosigned; the quorum is 2');
    // The same bundle with one cosignature taken out does not make the quorum.
    const lines = honest.checkpoint.split('\n');
    const short = {
      ...honest,
      checkpoint: lines.filter((l) => !l.includes(witnesses[1]!.name)).join('\n'),
    };
    const refused = await verifyFile(short, quorumOf2());
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('1 of the 2 cosignatures asked for');
  });

  it('a forked log under the same origin and key is refused by both witnesses, and its bundle fails with quorum 2', async () => {
    // Another delivery after ours, so the fork can rewrite history after it and keep it in.
    await schedule();
    const cosigned = await cosignedLatest();
    await stop();
    const tree = await leaves();
    const size = cosigned.treeSize;
    expect(tree).toHaveLength(size);
    const ours = Math.max(...honest.events.map((e) => e.leafIndex));
    expect(ours).toBeLessThan(size - 1);

    // The operator's other history: the same events up to the last, then others; signed by its key.
    const forged = [
      ...tree.slice(0, size - 1),
      ...[0, 1, 2, 3].map((i) => rfc6962.leaf(utf8(`forged event ${i}`))),
    ];
    const forkNote = (n: number) =>
      signNote(
        checkpointText({
          origin: ORIGIN,
          size: n,
          rootHash: rootOf(forged.slice(0, n)),
          extensions: [],
        }),
        [log.signer],
      );
    const proof = (m: number, n: number) =>
      consistencyRanges(m, n).map((r) => toBase64(rootOf(forged.slice(r.start, r.end))));
    const sameSize = await forkNote(size);
    const larger = await forkNote(size + 3);
    for (const w of witnesses) {
      const fork = await addCheckpoint(w.base, addCheckpointBody(size, [], sameSize));
      expect(fork.status).toBe(409);
      expect(fork.contentType).not.toBe('text/x.tlog.size');
      const extended = await addCheckpoint(
        w.base,
        addCheckpointBody(size, proof(size, size + 3), larger),
      );
      expect(extended.status).toBe(422);
      // A witness that never saw the log would cosign the fork: these two refused it for what they saw.
      expect(await witnessSize(w.base, larger)).toBe(size);
    }

    // A bundle on the forked checkpoint, its inclusion proofs recomputed: the log's key alone accepts it.
    const inclusion = (index: number, n: number) =>
      inclusionRanges(index, n).map((r) => toBase64(rootOf(forged.slice(r.start, r.end))));
    const honestCosignatures = honest.checkpoint
      .slice(honest.checkpoint.indexOf('\n\n') + 1)
      .split('\n')
      .filter((line) => witnesses.some((w) => line.includes(w.name)));
    const forkedBundle: ProofBundle = {
      ...honest,
      // The honest checkpoint's cosignature lines copied over, as a forger would try.
      checkpoint: `${larger}${honestCosignatures.map((l) => `${l}\n`).join('')}`,
      events: honest.events.map((e) => ({
        ...e,
        inclusionProof: inclusion(e.leafIndex, size + 3),
      })),
    };
    expect(verifyBundle(forkedBundle, logKey).ok).toBe(true);
    expect((await verifyFile(forkedBundle, [])).status).toBe(0);
    const caught = await verifyFile(forkedBundle, [...quorumOf2(), '--json']);
    expect(caught.status).toBe(1);
    const report = JSON.parse(caught.stdout) as { failures: { check: string; message: string }[] };
    expect(report.failures.map((f) => f.check)).toEqual(['witnesses', 'witnesses', 'witnesses']);
    expect(report.failures.at(-1)!.message).toContain('0 of the 2 cosignatures asked for');
  });
});
