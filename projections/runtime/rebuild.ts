import type { DataSource, EntityManager } from 'typeorm';

import type { EventStore } from '../../src/event-store/event-store.port.js';
import { ensureCheckpoint, lockCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoints.js';
import type { Projection } from './projection.js';
import {
  DEFAULT_RUNNER_OPTIONS,
  ProjectionRunner,
  type RunnerOptions,
} from './projection-runner.js';

export const shadowTable = (table: string): string => `read.${table}__rebuild`;
const rebuildCheckpoint = (projection: Projection) => `${projection.name}#rebuild`;

export interface RebuildProgress {
  /** Events read from the log so far, and the head to reach. */
  onProgress?(position: number, head: number): void;
}

/** Empty shadows of the projection's tables, same columns and indexes, and a checkpoint at 0. */
async function prepareShadows(dataSource: DataSource, projection: Projection): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (const table of projection.tables) {
      await manager.query(`DROP TABLE IF EXISTS ${shadowTable(table)}`);
      await manager.query(`CREATE TABLE ${shadowTable(table)} (LIKE read.${table} INCLUDING ALL)`);
    }
    await manager.query(`DELETE FROM read.projection_checkpoints WHERE projection = $1`, [
      rebuildCheckpoint(projection),
    ]);
    await manager.query(`DELETE FROM read.parked_events WHERE projection = $1`, [
      rebuildCheckpoint(projection),
    ]);
  });
}

/** Fills the shadows from position 0 up to the ledger's head, while the live tables keep serving. */
async function fillShadows(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  options: RunnerOptions,
  progress: RebuildProgress,
): Promise<number> {
  const runner = new ProjectionRunner(projection, store, dataSource, options, {
    checkpoint: rebuildCheckpoint(projection),
    table: (name) => shadowTable(name),
  });
  await runner.start();
  let head = await store.headPosition();
  for (;;) {
    const applied = await runner.step();
    const { position } = runner.status();
    progress.onProgress?.(position, head);
    if (applied === 0 || position >= head) {
      head = await store.headPosition();
      if (position >= head) return position;
    }
  }
}

const normalise = (definition: string) => definition.replace(/INDEX \S+ ON \S+/, 'INDEX ? ON ?');

/** Puts the shadow in the live table's place and gives its indexes the live names. */
async function swapTable(manager: EntityManager, table: string): Promise<void> {
  const indexes: { indexname: string; indexdef: string }[] = await manager.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'read' AND tablename = $1`,
    [table],
  );
  await manager.query(`ALTER TABLE read.${table} RENAME TO ${table}__retired`);
  await manager.query(`ALTER TABLE ${shadowTable(table)} RENAME TO ${table}`);
  await manager.query(`DROP TABLE read.${table}__retired`);
  const fresh: { indexname: string; indexdef: string }[] = await manager.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'read' AND tablename = $1`,
    [table],
  );
  for (const index of fresh) {
    const live = indexes.find((i) => normalise(i.indexdef) === normalise(index.indexdef));
    if (live && live.indexname !== index.indexname) {
      await manager.query(`ALTER INDEX read."${index.indexname}" RENAME TO "${live.indexname}"`);
    }
  }
}

/**
 * Rebuilds a projection from position 0 into shadow tables and swaps them in, atomically. The API keeps
 * reading the old tables until the swap commits; the live runner then carries on from where the
 * rebuild stopped, on the new tables. Events parked during the rebuild replace the old parked list.
 */
export async function rebuildProjection(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  progress: RebuildProgress = {},
  options: RunnerOptions = { ...DEFAULT_RUNNER_OPTIONS, batchSize: 2000 },
): Promise<number> {
  await ensureCheckpoint(dataSource.manager, projection.name);
  await prepareShadows(dataSource, projection);
  await fillShadows(store, dataSource, projection, options, progress);
  return dataSource.transaction(async (manager) => {
    await lockCheckpoint(manager, projection.name);
    const position = await readCheckpoint(manager, rebuildCheckpoint(projection));
    for (const table of projection.tables) await swapTable(manager, table);
    await saveCheckpoint(manager, projection.name, position);
    await manager.query(`DELETE FROM read.parked_events WHERE projection = $1`, [projection.name]);
    await manager.query(`UPDATE read.parked_events SET projection = $2 WHERE projection = $1`, [
      rebuildCheckpoint(projection),
      projection.name,
    ]);
    await manager.query(`DELETE FROM read.projection_checkpoints WHERE projection = $1`, [
      rebuildCheckpoint(projection),
    ]);
    return position;
  });
}

/** Digest of a table's rows, in a stable order: two tables with the same rows have the same digest. */
async function tableDigest(
  dataSource: DataSource,
  table: string,
): Promise<{ rows: number; digest: string }> {
  const [row]: { rows: string; digest: string | null }[] = await dataSource.query(
    `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${table} t`,
  );
  return { rows: Number(row!.rows), digest: row!.digest ?? md5Empty };
}
const md5Empty = 'd41d8cd98f00b204e9800998ecf8427e';

export interface DeterminismReport {
  readonly projection: string;
  readonly position: number;
  readonly tables: readonly {
    table: string;
    live: string;
    rebuilt: string;
    rows: number;
    identical: boolean;
  }[];
}

/**
 * Rebuilds a projection from zero into shadow tables (without swapping them in) and compares them, row
 * for row, with the live tables once both stand at the same position. Stop appends while it runs.
 */
export async function checkDeterminism(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  options: RunnerOptions = { ...DEFAULT_RUNNER_OPTIONS, batchSize: 2000 },
): Promise<DeterminismReport> {
  await prepareShadows(dataSource, projection);
  const position = await fillShadows(store, dataSource, projection, options, {});
  const live = await readCheckpoint(dataSource.manager, projection.name);
  if (live !== position) {
    throw new Error(
      `${projection.name} is at ${live}, the rebuild at ${position}: let it catch up first`,
    );
  }
  const tables = [];
  for (const table of projection.tables) {
    const a = await tableDigest(dataSource, `read.${table}`);
    const b = await tableDigest(dataSource, shadowTable(table));
    tables.push({
      table,
      live: a.digest,
      rebuilt: b.digest,
      rows: a.rows,
      identical: a.digest === b.digest && a.rows === b.rows,
    });
  }
  await dataSource.transaction(async (manager) => {
    for (const table of projection.tables) await manager.query(`DROP TABLE ${shadowTable(table)}`);
    await manager.query(`DELETE FROM read.projection_checkpoints WHERE projection = $1`, [
      rebuildCheckpoint(projection),
    ]);
    await manager.query(`DELETE FROM read.parked_events WHERE projection = $1`, [
      rebuildCheckpoint(projection),
    ]);
  });
  return { projection: projection.name, position, tables };
}
