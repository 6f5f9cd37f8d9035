import type { DataSource, EntityManager } from 'typeorm';

import type { EventStore } from '../../src/event-store/event-store.port.js';
import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import { isDeliveryStream, toLedgerEvent } from '../../src/story/delivery-story/ledger-events.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import { ensureCheckpoint, lockCheckpoints, saveCheckpoint } from './checkpoints.js';
import { DeliveryStoryProjection, tellStories } from './delivery-story-projection.js';
import type { KeptRows, Projection, ProjectionWriter } from './projection.js';

export const shadowTable = (table: string): string => `read.${table}__rebuild`;
const rebuildCheckpoint = (projection: Projection) => `${projection.name}#rebuild`;

export interface RebuildOptions {
  readonly batchSize: number;
  /** Delivery stories kept in memory while rebuilding; the rest are written out and read back. */
  readonly storyCacheSize: number;
  /** Rows a projection keeps in memory per table (cars' grants, tallies…) before writing them out. */
  readonly keptRowsLimit: number;
  /** Events read from the log so far, and the head to reach. */
  onProgress?(position: number, head: number): void;
}

const DEFAULTS: RebuildOptions = { batchSize: 2000, storyCacheSize: 10_000, keptRowsLimit: 50_000 };

const shadowWriter = (manager: EntityManager, kept: KeptRows): ProjectionWriter => ({
  query: (sql, parameters) => manager.query(sql, parameters as unknown[]),
  table: shadowTable,
  kept,
});

/**
 * A transaction that fills shadows. It does not wait for its commit to reach the disk: after a crash
 * a rebuild starts again from empty shadows, so a lost tail costs nothing (the swap does wait).
 */
function filling<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL synchronous_commit = off`);
    return work(manager);
  });
}

/** A live index's definition, made to build the same index on the shadow (named by PostgreSQL). */
const onShadow = (definition: string, table: string): string =>
  definition.replace(
    /^CREATE (UNIQUE )?INDEX \S+ ON \S+/,
    `CREATE $1INDEX ON ${shadowTable(table)}`,
  );

/** Indexes a shadow is filled without, to build once it is full: `CREATE INDEX` statements. */
type DeferredIndexes = string[];

/**
 * Empty shadows of the projections' tables, same columns and indexes, and rebuild checkpoints at 0.
 * The shadows of a projection that reads by key only get their keys now and their other indexes
 * after they are filled (answered, to build then): one sort beats a million index insertions.
 */
async function prepareShadows(
  dataSource: DataSource,
  projections: readonly Projection[],
): Promise<DeferredIndexes> {
  const deferred: DeferredIndexes = [];
  await dataSource.transaction(async (manager) => {
    for (const projection of projections) {
      for (const table of projection.tables) {
        await manager.query(`DROP TABLE IF EXISTS ${shadowTable(table)}`);
        if (!projection.readsByKeyOnly) {
          await manager.query(
            `CREATE TABLE ${shadowTable(table)} (LIKE read.${table} INCLUDING ALL)`,
          );
          continue;
        }
        await manager.query(
          `CREATE TABLE ${shadowTable(table)} (LIKE read.${table} INCLUDING ALL EXCLUDING INDEXES)`,
        );
        const constraints: { definition: string }[] = await manager.query(
          `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname`,
          [`read.${table}`],
        );
        for (const { definition } of constraints) {
          await manager.query(`ALTER TABLE ${shadowTable(table)} ADD ${definition}`);
        }
        const indexes: { definition: string; unique: boolean }[] = await manager.query(
          `SELECT pg_get_indexdef(i.indexrelid) AS definition, i.indisunique AS unique
             FROM pg_index i
            WHERE i.indrelid = $1::regclass
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY i.indexrelid::regclass::text`,
          [`read.${table}`],
        );
        for (const { definition, unique } of indexes) {
          // Unique indexes now: an upsert may name them, and they keep a rebuild's rows apart.
          if (unique) await manager.query(onShadow(definition, table));
          else deferred.push(onShadow(definition, table));
        }
      }
      await manager.query(`DELETE FROM read.projection_checkpoints WHERE projection = $1`, [
        rebuildCheckpoint(projection),
      ]);
      await ensureCheckpoint(manager, rebuildCheckpoint(projection));
    }
  });
  return deferred;
}

/** Writes stories once, into the first projection that keeps them in a table; the others copy them. */
async function saveStories(
  projections: readonly DeliveryStoryProjection[],
  stories: ReadonlyMap<string, DeliveryStory>,
  writer: ProjectionWriter,
): Promise<void> {
  const source = projections.find((p) => p.storyTable !== undefined);
  if (source) await source.saveStories(stories, writer);
  const copyFrom = source?.storyTable ? writer.table(source.storyTable) : undefined;
  for (const projection of projections) {
    if (projection !== source) await projection.saveStories(stories, writer, copyFrom);
  }
}

/**
 * The deliveries whose stories left memory (were written to the shadows), as a Bloom filter: 8 MB
 * whatever the ledger's size. A delivery it has never held has no story written yet, so a page of
 * new deliveries is told without a read; a false "maybe" only costs a read that finds nothing.
 */
class WrittenOut {
  private static readonly BITS = 2 ** 26;
  private readonly bits = new Uint8Array(WrittenOut.BITS / 8);

  private *slots(id: string): Generator<number> {
    // FNV-1a twice (two seeds), combined as h1 + i·h2 (Kirsch–Mitzenmacher).
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < id.length; i += 1) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    for (let i = 0; i < 3; i += 1) yield ((h1 + i * (h2 | 1)) >>> 0) % WrittenOut.BITS;
  }

  add(id: string): void {
    for (const slot of this.slots(id)) this.bits[slot >>> 3]! |= 1 << (slot & 7);
  }

  mayHold(id: string): boolean {
    for (const slot of this.slots(id))
      if ((this.bits[slot >>> 3]! & (1 << (slot & 7))) === 0) return false;
    return true;
  }
}

/**
 * Stories by delivery, most recently told last; past the limit, the oldest leave memory and are written
 * out with the next batch. A story on its way out still counts as present until it has been written.
 */
class StoryCache {
  private readonly stories = new Map<string, DeliveryStory>();
  private leaving = new Map<string, DeliveryStory>();

  constructor(private readonly limit: number) {}

  get(id: string): DeliveryStory | undefined {
    return this.stories.get(id) ?? this.leaving.get(id);
  }

  missing(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.stories.has(id) && !this.leaving.has(id));
  }

  set(id: string, story: DeliveryStory): void {
    this.stories.delete(id);
    this.stories.set(id, story);
    this.leaving.delete(id);
  }

  /** The stories that leave memory now: write them with this batch. */
  evict(): Map<string, DeliveryStory> {
    const out = new Map<string, DeliveryStory>();
    for (const [id, story] of this.stories) {
      if (this.stories.size - out.size <= this.limit) break;
      out.set(id, story);
    }
    for (const id of out.keys()) this.stories.delete(id);
    this.leaving = out;
    return out;
  }

  all(): Map<string, DeliveryStory> {
    return new Map([...this.leaving, ...this.stories]);
  }
}

/**
 * Fills the shadows of several projections from position 0 up to the ledger's head in one pass: each
 * page is read once and each delivery's story told once for every story projection, stories stay in
 * memory, and writing a page overlaps with reading and telling the next. The live tables keep serving.
 */
async function fillShadows(
  store: EventStore,
  dataSource: DataSource,
  projections: readonly Projection[],
  options: RebuildOptions,
): Promise<number> {
  const storyProjections = projections.filter(
    (p): p is DeliveryStoryProjection => p instanceof DeliveryStoryProjection,
  );
  const others = projections.filter((p) => !(p instanceof DeliveryStoryProjection));
  const cache = new StoryCache(options.storyCacheSize);
  const kept: KeptRows = { limit: options.keptRowsLimit, tables: new Map() };
  const writtenOut = new WrittenOut();
  let head = await store.headPosition();
  let position = 0;
  let writing: Promise<void> = Promise.resolve();
  let next = store.readAll({ fromPosition: 0, maxCount: options.batchSize });
  for (;;) {
    const page = await next;
    if (page.events.length === 0) {
      await writing;
      head = await store.headPosition();
      if (position >= head) break;
      next = store.readAll({ fromPosition: position, maxCount: options.batchSize });
      continue;
    }
    next = store.readAll({ fromPosition: page.nextPosition, maxCount: options.batchSize });
    // Delivery stories only when a projection is told them (the sequencer alone needs none).
    const deliveryEvents =
      storyProjections.length > 0 ? page.events.filter(isDeliveryStream).map(toLedgerEvent) : [];
    const ids = [...new Set(deliveryEvents.map(deliveryIdOf))];
    const missing = cache.missing(ids).filter((id) => writtenOut.mayHold(id));
    if (missing.length > 0 && storyProjections[0]) {
      await writing;
      const loaded = await storyProjections[0].loadStories(
        missing,
        shadowWriter(dataSource.manager, kept),
      );
      for (const [id, story] of loaded) cache.set(id, story);
    }
    const view = new Map<string, DeliveryStory>();
    for (const id of ids) {
      const story = cache.get(id);
      if (story) view.set(id, story);
    }
    const { steps, touched } = tellStories(deliveryEvents, view);
    for (const [id, story] of touched) cache.set(id, story);
    const leaving = cache.evict();
    for (const id of leaving.keys()) writtenOut.add(id);
    const end = page.nextPosition;
    await writing;
    writing = filling(dataSource, async (manager) => {
      const writer = shadowWriter(manager, kept);
      for (const projection of storyProjections) {
        if (steps.length > 0) await projection.writeSteps(steps, writer);
      }
      if (leaving.size > 0) await saveStories(storyProjections, leaving, writer);
      for (const projection of storyProjections) {
        await projection.applyOtherStreams(page.events, writer);
      }
      for (const projection of others) await projection.apply(page.events, writer);
      for (const projection of projections)
        await saveCheckpoint(manager, rebuildCheckpoint(projection), end);
    });
    position = end;
    options.onProgress?.(position, Math.max(head, position));
  }
  const remaining = [...cache.all()];
  for (let i = 0; i < remaining.length; i += 2000) {
    const chunk = new Map(remaining.slice(i, i + 2000));
    await filling(dataSource, (manager) =>
      saveStories(storyProjections, chunk, shadowWriter(manager, kept)),
    );
  }
  await filling(dataSource, async (manager) => {
    for (const projection of projections)
      await projection.finishRebuild?.(shadowWriter(manager, kept));
  });
  return position;
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
 * Rebuilds projections from position 0 into shadow tables and swaps them in, atomically. The API keeps
 * reading the old tables until the swap commits; the live runners then carry on from where the rebuild
 * stopped, on the new tables (a runner that held the checkpoint finds it moved and follows).
 */
export async function rebuildProjections(
  store: EventStore,
  dataSource: DataSource,
  projections: readonly Projection[],
  options: Partial<RebuildOptions> = {},
): Promise<number> {
  for (const projection of projections) await ensureCheckpoint(dataSource.manager, projection.name);
  const deferred = await prepareShadows(dataSource, projections);
  const position = await fillShadows(store, dataSource, projections, { ...DEFAULTS, ...options });
  for (const statement of deferred) await dataSource.query(statement);
  await dataSource.transaction(async (manager) => {
    // Every checkpoint first, in one statement, in name order, as any writer that locks several at
    // once does: none of them can then wait on this swap while this swap waits on it.
    await lockCheckpoints(
      manager,
      projections.map((projection) => projection.name),
    );
    for (const projection of projections) {
      for (const table of projection.tables) await swapTable(manager, table);
      await saveCheckpoint(manager, projection.name, position);
      // A rebuild applies every event again: the old parked list is settled by it.
      await manager.query(`DELETE FROM read.parked_events WHERE projection = $1`, [
        projection.name,
      ]);
      await manager.query(`DELETE FROM read.projection_checkpoints WHERE projection = $1`, [
        rebuildCheckpoint(projection),
      ]);
    }
  });
  return position;
}

/** Digest of a table's rows, in a stable order: two tables with the same rows have the same digest. */
async function tableDigest(
  dataSource: DataSource,
  table: string,
): Promise<{ rows: number; digest: string }> {
  const [row]: { rows: string; digest: string | null }[] = await dataSource.query(
    `SELECT count(*) AS rows, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS digest FROM ${table} t`,
  );
  return { rows: Number(row!.rows), digest: row!.digest ?? '' };
}

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
  options: Partial<RebuildOptions> = {},
): Promise<DeterminismReport> {
  await prepareShadows(dataSource, [projection]);
  const position = await fillShadows(store, dataSource, [projection], { ...DEFAULTS, ...options });
  const [live]: { position: string }[] = await dataSource.query(
    `SELECT position FROM read.projection_checkpoints WHERE projection = $1`,
    [projection.name],
  );
  if (Number(live?.position) !== position) {
    throw new Error(
      `${projection.name} is at ${live?.position}, the rebuild at ${position}: let it catch up first`,
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
  });
  return { projection: projection.name, position, tables };
}
