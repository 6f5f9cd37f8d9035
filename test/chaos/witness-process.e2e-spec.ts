import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

import { parseWitnessKey, verifyCosignatures } from '../../src/verifier/cosignature.js';
import {
  addCheckpoint,
  addCheckpointBody,
  checkpointNote,
  grow,
  LOG,
  ORIGIN,
} from '../support/witness-log.js';
import { CLI, keytrail, startWitness, type WitnessProcess } from '../support/witness-process.js';
import { freePort } from './server-process.js';

// These run the built CLI (a process start of about 2 s each) on a shared 2-core machine.
jest.setTimeout(180_000);

describe('a witness process: its key, and its state across SIGKILL and restarts', () => {
  let dir: string;
  let keyFile: string;
  let stateDir: string;
  let vkey: string;
  let port: number;
  let base: string;
  let running: WitnessProcess | null = null;
  const start = async () => {
    running = await startWitness([
      '--key',
      keyFile,
      '--state',
      stateDir,
      '--log',
      `${ORIGIN}=${LOG.verifierKeys[0]}`,
      '--port',
      String(port),
    ]);
    return running;
  };
  const kill = async () => {
    expect(await running!.stop('SIGKILL')).toBeNull();
    running = null;
  };
  /** The size the witness stored, as it answers a request that claims none. */
  const storedSize = async () => {
    const reply = await addCheckpoint(base, addCheckpointBody(0, [], await checkpointNote(1024)));
    expect(reply.status).toBe(409);
    expect(reply.contentType).toBe('text/x.tlog.size');
    return Number(reply.body);
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server first`);
    dir = mkdtempSync(path.join(tmpdir(), 'keytrail-witness-process-'));
    keyFile = path.join(dir, 'witness.key');
    stateDir = path.join(dir, 'state');
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (running) await running.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('witness init writes a 0600 key, prints its type 0x04 vkey, and never overwrites a key', () => {
    const made = keytrail(['witness', 'init', '--name', 'witness.test/w2', '--key-out', keyFile]);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    vkey = made.stdout.trim();
    expect(parseWitnessKey(vkey).name).toBe('witness.test/w2');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8');
    const again = keytrail(['witness', 'init', '--name', 'witness.test/w3', '--key-out', keyFile]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('a witness key is never overwritten');
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    const badName = keytrail(['witness', 'init', '--name', 'a+b', '--key-out', `${keyFile}.2`]);
    expect(badName.status).not.toBe(0);
    expect(existsSync(`${keyFile}.2`)).toBe(false);
  });

  it('cosigns, is SIGKILLed, and after a restart goes on from the size it stored', async () => {
    await start();
    const note = await checkpointNote(5);
    const first = await grow(base, 0, 5);
    expect(first.status).toBe(200);
    expect(verifyCosignatures(`${note}${first.body}`, [vkey], 1).ok).toBe(true);
    await kill();

    await start();
    expect(await storedSize()).toBe(5);
    const next = await grow(base, 5, 12);
    expect(next.status).toBe(200);
    expect(verifyCosignatures(`${await checkpointNote(12)}${next.body}`, [vkey], 1).ok).toBe(true);
    // Killed the moment it answered: the answer left only after the state was on disk.
    await kill();
    await start();
    expect(await storedSize()).toBe(12);
  });

  it('refuses a second witness process on the same state while the first runs', async () => {
    await expect(
      startWitness([
        '--key',
        keyFile,
        '--state',
        stateDir,
        '--log',
        `${ORIGIN}=${LOG.verifierKeys[0]}`,
        '--port',
        String(await freePort()),
      ]),
    ).rejects.toThrow(/in use by process/);
  });

  it('SIGKILLed in the middle of a stream of checkpoints, it keeps one whole state: the last it answered, or the one after', async () => {
    let size = 12;
    let lastCosigned = 12;
    const stream = (async () => {
      for (; size < 900; size += 1) {
        const reply = await grow(base, size, size + 1).catch(() => null);
        if (reply?.status !== 200) return;
        lastCosigned = size + 1;
      }
    })();
    while (lastCosigned < 30) await new Promise((resolve) => setTimeout(resolve, 5));
    await kill();
    await stream;
    expect(lastCosigned).toBeLessThan(900);

    await start();
    const stored = await storedSize();
    // The request in flight when it died may have been stored, not answered: never anything else.
    expect([lastCosigned, lastCosigned + 1]).toContain(stored);
    const reply = await grow(base, stored, 1000);
    expect(reply.status).toBe(200);
    expect(verifyCosignatures(`${await checkpointNote(1000)}${reply.body}`, [vkey], 1).ok).toBe(
      true,
    );
    expect(await running!.stop('SIGTERM')).toBe(0);
    running = null;
  });
});
