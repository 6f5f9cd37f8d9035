import type { DataSource } from 'typeorm';

import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { lockCheckpoint } from './checkpoints.js';
import { isOutage } from './outage.js';
import { failureReason } from './parking.js';
import type { Projection, ProjectionWriter } from './projection.js';

export interface ReplayReport {
  readonly projection: string;
  /** Parked events now applied and no longer parked. */
  readonly replayed: readonly number[];
  /** Parked events that failed again: still parked, with the new reason. */
  readonly stillParked: readonly { readonly position: number; readonly reason: string }[];
  /** Parked events this projection cannot apply out of order: rebuild it to take them in. */
  readonly needRebuild: readonly number[];
}

class NotReplayable extends Error {}

async function parkedPositions(dataSource: DataSource, projection: string): Promise<number[]> {
  const rows: { global_position: string }[] = await dataSource.query(
    `SELECT global_position FROM read.parked_events WHERE projection = $1 ORDER BY global_position`,
    [projection],
  );
  return rows.map((row) => Number(row.global_position));
}

async function eventAt(store: EventStore, position: number): Promise<RecordedEvent> {
  const [event] = (await store.readAll({ fromPosition: position, maxCount: 1 })).events;
  if (event?.metadata.globalPosition !== position)
    throw new Error(`The ledger has no event at position ${position}`);
  return event;
}

/**
 * Tells a parked event's stream again, from its first event up to the projection's checkpoint, in one
 * transaction that holds the checkpoint (the live runner waits): the projection takes back what it
 * derived from the stream and applies all of its events in order, so a story told without the parked
 * event is told again with it. Answers the positions applied, which are no longer parked.
 */
async function replayStream(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  streamId: string,
): Promise<number[]> {
  return dataSource.transaction(async (manager) => {
    const checkpoint = await lockCheckpoint(manager, projection.name);
    const writer: ProjectionWriter = {
      query: (sql, parameters) => manager.query(sql, parameters as unknown[]),
      table: (name) => `read.${name}`,
    };
    if (!projection.forgetStream || !(await projection.forgetStream(streamId, writer)))
      throw new NotReplayable();
    const events = (await store.readStream(streamId)).filter(
      (e) => e.metadata.globalPosition < checkpoint,
    );
    await projection.apply(events, writer);
    const positions = events.map((e) => e.metadata.globalPosition);
    await manager.query(
      `DELETE FROM read.parked_events WHERE projection = $1 AND global_position = ANY($2)`,
      [projection.name, positions],
    );
    return positions;
  });
}

/**
 * `keytrail projections replay-parked`: after a fix, tries every parked event again. One that now
 * applies leaves the parked list; one that fails again stays, with the new reason and one more attempt.
 * Safe while the projections run. An outage stops it (nothing is marked for an outage).
 */
export async function replayParked(
  store: EventStore,
  dataSource: DataSource,
  projections: readonly Projection[],
): Promise<ReplayReport[]> {
  const reports: ReplayReport[] = [];
  for (const projection of projections) {
    const parked = await parkedPositions(dataSource, projection.name);
    if (parked.length === 0) continue;
    if (!projection.forgetStream) {
      reports.push({
        projection: projection.name,
        replayed: [],
        stillParked: [],
        needRebuild: parked,
      });
      continue;
    }
    const replayed = new Set<number>();
    const stillParked: { position: number; reason: string }[] = [];
    const needRebuild: number[] = [];
    for (const position of parked) {
      if (replayed.has(position)) continue;
      try {
        const event = await eventAt(store, position);
        const applied = await replayStream(store, dataSource, projection, event.metadata.streamId);
        for (const p of applied) if (parked.includes(p)) replayed.add(p);
      } catch (error) {
        if (error instanceof NotReplayable) {
          needRebuild.push(position);
          continue;
        }
        if (isOutage(error)) throw error;
        const reason = failureReason(error);
        await dataSource.query(
          `UPDATE read.parked_events SET error = $3, attempts = attempts + 1
            WHERE projection = $1 AND global_position = $2`,
          [projection.name, position, reason],
        );
        stillParked.push({ position, reason });
      }
    }
    reports.push({
      projection: projection.name,
      replayed: [...replayed].sort((a, b) => a - b),
      stillParked,
      needRebuild,
    });
  }
  return reports;
}
