import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { AnomaliesProjection } from '../projections/anomalies/anomalies.projection.js';
import { SummaryProjection } from '../projections/delivery-summary/summary.projection.js';
import { TimelineProjection } from '../projections/delivery-timeline/timeline.projection.js';
import { createProjections } from '../projections/delivery-projections.js';
import type { Projection, ProjectionWriter } from '../projections/runtime/projection.js';
import { ProjectionRuntime } from '../projections/runtime/projection-runtime.js';
import { checkDeterminism, rebuildProjections } from '../projections/runtime/rebuild.js';
import type { RecordedEvent } from '../src/event-store/event-store.port.js';
import { type OpenLedger, openPostgresLedger } from './support/open-ledger.js';
import { appendSyntheticDeliveries } from './support/synthetic-deliveries.js';

const FAST = {
  batchSize: 200,
  attempts: 2,
  retryDelayMs: 10,
  idleWaitMs: 20,
  gatherMs: 0,
  heartbeatMs: 50,
};

/**
 * Records what it applies, in its own transaction (the rows and the transaction's id, so a page rolled
 * back is not counted); fails on one kind of event, or for a while as if the database were away.
 */
class Recorder implements Projection {
  readonly tables = [];
  outagesLeft = 0;
  constructor(
    readonly name: string,
    private readonly poison: (event: RecordedEvent) => boolean = () => false,
  ) {}

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    await writer.query('SELECT 1');
    if (this.outagesLeft > 0) {
      this.outagesLeft -= 1;
      throw Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      });
    }
    const bad = events.find(this.poison);
    if (bad) throw new Error(`cannot read ${bad.type} at ${bad.metadata.globalPosition}`);
    await writer.query(
      `INSERT INTO recorded (projection, position, tx) SELECT $1, p, txid_current() FROM unnest($2::bigint[]) p`,
      [this.name, events.map((e) => e.metadata.globalPosition)],
    );
  }
}

describe('projection runtime', () => {
  let ledger: OpenLedger;
  beforeAll(async () => {
    ledger = await openPostgresLedger();
    await ledger.dataSource.query(
      `CREATE TABLE recorded (projection text NOT NULL, position bigint NOT NULL, tx bigint NOT NULL)`,
    );
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const seen = async (projection: string): Promise<number[]> =>
    (
      await ledger.dataSource.query(
        `SELECT position FROM recorded WHERE projection = $1 ORDER BY position`,
        [projection],
      )
    ).map((row: { position: string }) => Number(row.position));

  const settle = async (runtime: ProjectionRuntime) => {
    const head = await ledger.store.headPosition();
    expect(await runtime.reached(head, 20_000)).toBe(true);
  };

  it('parks a poison event after its retries, goes on, and holds back no other projection', async () => {
    await appendSyntheticDeliveries(ledger.store, 20);
    const fragile = new Recorder(
      'fragile',
      (e) => e.type === 'PackagePlaced' && e.metadata.streamId === 'delivery-syn-7',
    );
    const healthy = new Recorder('healthy');
    const runtime = new ProjectionRuntime(
      [fragile, healthy],
      ledger.store,
      ledger.dataSource,
      FAST,
    );
    await runtime.start();
    try {
      await settle(runtime);
      const head = await ledger.store.headPosition();
      expect(await seen('healthy')).toEqual([...Array(head).keys()]);
      const poisoned = await ledger.dataSource.query(
        `SELECT position FROM ledger.events WHERE stream_id = 'delivery-syn-7' AND type = 'PackagePlaced'`,
      );
      expect(await seen('fragile')).toEqual(
        [...Array(head).keys()].filter((p) => p !== Number(poisoned[0].position)),
      );
      const parked = await ledger.dataSource.query(
        `SELECT event_type, error, attempts FROM read.parked_events WHERE projection = 'fragile'`,
      );
      expect(parked).toEqual([
        {
          event_type: 'PackagePlaced',
          error: expect.stringContaining('cannot read PackagePlaced'),
          attempts: 2,
        },
      ]);
      expect(
        (await runtime.status()).projections.map((p) => [p.projection, p.parked, p.lag]),
      ).toEqual([
        ['fragile', 1, 0],
        ['healthy', 0, 0],
      ]);
    } finally {
      await runtime.stop();
    }
  });

  it('waits out a database outage without parking anything', async () => {
    const flaky = new Recorder('flaky');
    flaky.outagesLeft = 3;
    const runtime = new ProjectionRuntime([flaky], ledger.store, ledger.dataSource, FAST);
    await runtime.start();
    try {
      await settle(runtime);
      expect(await seen('flaky')).toEqual([...Array(await ledger.store.headPosition()).keys()]);
      expect((await runtime.status()).projections[0]).toMatchObject({ parked: 0 });
    } finally {
      await runtime.stop();
    }
  });

  it('applies a backlog for several projections one page, one transaction, each event once', async () => {
    const names = ['together-a', 'together-b', 'together-c'];
    await appendSyntheticDeliveries(ledger.store, 40, { from: 50 });
    const runtime = new ProjectionRuntime(
      names.map((name) => new Recorder(name)),
      ledger.store,
      ledger.dataSource,
      FAST,
    );
    await runtime.start();
    try {
      await settle(runtime);
      const head = await ledger.store.headPosition();
      for (const name of names) expect(await seen(name)).toEqual([...Array(head).keys()]);
      const pages = await ledger.dataSource.query(
        `SELECT tx, count(DISTINCT projection)::int AS projections, count(*)::int AS rows
           FROM recorded WHERE projection = ANY($1) GROUP BY tx`,
        [names],
      );
      expect(pages.length).toBe(Math.ceil(head / FAST.batchSize));
      for (const page of pages) expect(page.projections).toBe(3);
    } finally {
      await runtime.stop();
    }
  });

  it('rebuilds a projection into shadow tables and swaps them in while it keeps serving and appends go on', async () => {
    const runtime = new ProjectionRuntime(
      createProjections(),
      ledger.store,
      ledger.dataSource,
      FAST,
    );
    await runtime.start();
    try {
      await appendSyntheticDeliveries(ledger.store, 150, { from: 100 });
      await settle(runtime);
      const before = await ledger.dataSource.query(
        `SELECT count(*)::int AS n FROM read.timeline_entries`,
      );
      // The timeline (a transaction of its own) and two that share theirs with the other projections.
      const rebuilding = rebuildProjections(ledger.store, ledger.dataSource, [
        new TimelineProjection(),
        new SummaryProjection(),
        new AnomaliesProjection(),
      ]);
      const readsDuringRebuild = (async () => {
        const counts: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          counts.push(
            (
              await ledger.dataSource.query(`SELECT count(*)::int AS n FROM read.timeline_entries`)
            )[0].n,
          );
        }
        return counts;
      })();
      await appendSyntheticDeliveries(ledger.store, 30, { from: 300 });
      await rebuilding;
      expect(Math.min(...(await readsDuringRebuild))).toBeGreaterThanOrEqual(before[0].n);
      await appendSyntheticDeliveries(ledger.store, 10, { from: 400 });
      await settle(runtime);
      const indexes = await ledger.dataSource.query(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'timeline_entries' ORDER BY 1`,
      );
      expect(indexes.map((i: { indexname: string }) => i.indexname)).toEqual([
        'timeline_entries_delivery',
        'timeline_entries_pkey',
      ]);
    } finally {
      await runtime.stop();
    }
    for (const projection of createProjections()) {
      const report = await checkDeterminism(ledger.store, ledger.dataSource, projection);
      for (const table of report.tables) expect(table).toMatchObject({ identical: true });
    }
    const entries = await ledger.dataSource.query(
      `SELECT count(*)::int AS n FROM read.timeline_entries`,
    );
    const deliveryEvents = await ledger.dataSource.query(
      `SELECT count(*)::int AS n FROM ledger.events WHERE stream_id LIKE 'delivery-%'`,
    );
    expect(entries[0].n).toBe(deliveryEvents[0].n);
  });
});
