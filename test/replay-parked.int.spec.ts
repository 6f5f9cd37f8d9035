import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { SummaryProjection } from '../projections/delivery-summary/summary.projection.js';
import { MerkleTreeProjection } from '../projections/merkle/merkle-tree.projection.js';
import type { ProjectionWriter } from '../projections/runtime/projection.js';
import { ProjectionRuntime } from '../projections/runtime/projection-runtime.js';
import { checkDeterminism } from '../projections/runtime/rebuild.js';
import { replayParked } from '../projections/runtime/replay-parked.js';
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

const lockConfirmedOf = (deliveryId: string) => (e: RecordedEvent) =>
  e.type === 'LockConfirmed' && e.metadata.streamId === `delivery-${deliveryId}`;

/** The real delivery summary with a bug: it cannot summarise one planted event. */
class BuggySummary extends SummaryProjection {
  constructor(private readonly planted: (event: RecordedEvent) => boolean) {
    super();
  }

  override async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    const bad = events.find(this.planted);
    if (bad) throw new Error(`cannot summarise ${bad.type} at ${bad.metadata.globalPosition}`);
    await super.apply(events, writer);
  }
}

describe('replaying parked events after a fix', () => {
  let ledger: OpenLedger;
  beforeAll(async () => {
    ledger = await openPostgresLedger();
    await appendSyntheticDeliveries(ledger.store, 12);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  /** Runs the projections to the head of the ledger, then stops them. */
  async function project(...projections: ConstructorParameters<typeof ProjectionRuntime>[0]) {
    const runtime = new ProjectionRuntime(projections, ledger.store, ledger.dataSource, FAST);
    await runtime.start();
    try {
      expect(await runtime.reached(await ledger.store.headPosition(), 20_000)).toBe(true);
    } finally {
      await runtime.stop();
    }
  }
  const parked = () =>
    ledger.dataSource.query<{ global_position: string; error: string; attempts: number }[]>(
      `SELECT global_position, error, attempts FROM read.parked_events
        WHERE projection = 'delivery-summary' ORDER BY global_position`,
    );
  const released = async (deliveryId: string) =>
    (
      await ledger.dataSource.query<{ released: boolean }[]>(
        `SELECT released FROM read.delivery_summaries WHERE delivery_id = $1`,
        [deliveryId],
      )
    )[0]?.released;

  it('applies a parked event once the projection is fixed, and the summary equals a rebuild', async () => {
    await project(new BuggySummary(lockConfirmedOf('syn-3')));
    const [row] = await parked();
    expect(row).toMatchObject({ error: expect.stringContaining('cannot summarise LockConfirmed') });
    // The story went on without the lock confirmation: the summary is stale.
    expect(await released('syn-3')).toBe(false);

    const reports = await replayParked(ledger.store, ledger.dataSource, [new SummaryProjection()]);
    expect(reports).toEqual([
      {
        projection: 'delivery-summary',
        replayed: [Number(row!.global_position)],
        stillParked: [],
        needRebuild: [],
      },
    ]);
    expect(await parked()).toEqual([]);
    expect(await released('syn-3')).toBe(true);
    const check = await checkDeterminism(ledger.store, ledger.dataSource, new SummaryProjection());
    expect(check.tables).toEqual([expect.objectContaining({ identical: true })]);
  });

  it('keeps an event that fails again parked, with the new reason and one more attempt', async () => {
    await appendSyntheticDeliveries(ledger.store, 3, { from: 20 });
    await project(new BuggySummary(lockConfirmedOf('syn-21')));
    const [before] = await parked();
    expect(before!.attempts).toBe(FAST.attempts);

    const [report] = await replayParked(ledger.store, ledger.dataSource, [
      new BuggySummary(lockConfirmedOf('syn-21')),
    ]);
    expect(report).toMatchObject({
      replayed: [],
      stillParked: [
        {
          position: Number(before!.global_position),
          reason: `Error: cannot summarise LockConfirmed at ${before!.global_position}`,
        },
      ],
    });
    expect(await parked()).toEqual([
      { ...before, attempts: FAST.attempts + 1, error: report!.stillParked[0]!.reason },
    ]);
    expect(await released('syn-21')).toBe(false);
  });

  it('leaves a parked event to a rebuild when the projection cannot apply it out of order', async () => {
    await ledger.dataSource.query(
      `INSERT INTO read.parked_events
         (projection, global_position, event_id, event_type, error, attempts, parked_at)
       SELECT 'merkle-tree', position, event_id, 'DeliveryScheduled', 'Error: planted', 3, now()
         FROM ledger.events ORDER BY position LIMIT 1`,
    );
    const [report] = await replayParked(ledger.store, ledger.dataSource, [
      new MerkleTreeProjection(),
    ]);
    expect(report).toEqual({
      projection: 'merkle-tree',
      replayed: [],
      stillParked: [],
      needRebuild: [0],
    });
  });
});
