import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createProjections } from '../projections/delivery-projections.js';
import { readCheckpoint } from '../projections/runtime/checkpoints.js';
import { checkDeterminism } from '../projections/runtime/rebuild.js';
import { type OpenLedger, openPostgresLedger } from './support/open-ledger.js';
import { appendSyntheticDeliveries } from './support/synthetic-deliveries.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `npm run projector` as a real process of its own, built from this checkout. */
describe('the projector process, killed in the middle of a batch', () => {
  let ledger: OpenLedger;
  let dataDir: string;
  let head: number;

  beforeAll(async () => {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: process.cwd() });
    ledger = await openPostgresLedger();
    dataDir = await mkdtemp(path.join(tmpdir(), 'keytrail-projector-'));
    await appendSyntheticDeliveries(ledger.store, 1500);
    head = await ledger.store.headPosition();
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const startProjector = (): ChildProcess =>
    spawn(process.execPath, ['dist/projections/worker.js'], {
      env: {
        ...process.env,
        DATABASE_URL: ledger.url,
        KEYTRAIL_DATA_DIR: dataDir,
        KEYTRAIL_JWT_SECRET: 'a-secret-only-this-test-uses-for-the-worker',
        KEYTRAIL_POLL_INTERVAL_MS: '50',
      },
      stdio: 'ignore',
    });
  const exited = (child: ChildProcess) =>
    new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
  const checkpoint = () => readCheckpoint(ledger.dataSource.manager, 'delivery-timeline');

  it('restarts to read models equal to a clean rebuild: nothing applied twice, nothing skipped', async () => {
    const first = startProjector();
    const firstExit = exited(first);
    let position = 0;
    for (let i = 0; i < 600 && position < head / 3; i += 1) {
      await sleep(50);
      position = await checkpoint();
    }
    first.kill('SIGKILL');
    expect(await firstExit).toBe('SIGKILL');
    const atKill = await checkpoint();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(head);

    const second = startProjector();
    const secondExit = exited(second);
    const names = createProjections().map((p) => p.name);
    for (let i = 0; i < 1200; i += 1) {
      const positions = await Promise.all(
        names.map((n) => readCheckpoint(ledger.dataSource.manager, n)),
      );
      if (positions.every((p) => p >= head)) break;
      await sleep(50);
    }
    second.kill('SIGTERM');
    expect(await secondExit).toBe(0);

    const [{ entries }] = await ledger.dataSource.query(
      `SELECT count(*)::int AS entries FROM read.timeline_entries`,
    );
    expect(entries).toBe(head);
    for (const projection of createProjections()) {
      const report = await checkDeterminism(ledger.store, ledger.dataSource, projection);
      for (const table of report.tables)
        expect({ projection: projection.name, ...table }).toMatchObject({ identical: true });
    }
  }, 120_000);
});
