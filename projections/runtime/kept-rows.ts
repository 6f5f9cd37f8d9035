import type { ProjectionWriter } from './projection.js';

const keptIn = <Row>(writer: ProjectionWriter, table: string): Map<string, Row> | undefined => {
  if (!writer.kept) return undefined;
  let rows = writer.kept.get(table);
  if (!rows) writer.kept.set(table, (rows = new Map<string, unknown>()));
  return rows as Map<string, Row>;
};

/**
 * The rows of one of its tables under these keys, as a projection reads them back before applying a
 * batch: kept in memory while rebuilding (the shadow starts empty and only the rebuild writes it),
 * else what `select` reads from the table. The map answered is the caller's to change.
 */
export async function loadKeyed<Row>(
  writer: ProjectionWriter,
  table: string,
  keys: readonly string[],
  select: () => Promise<Map<string, Row>>,
): Promise<Map<string, Row>> {
  const kept = keptIn<Row>(writer, table);
  if (!kept) return select();
  const rows = new Map<string, Row>();
  for (const key of keys) {
    const row = kept.get(key);
    if (row !== undefined) rows.set(key, row);
  }
  return rows;
}

/** Saves rows by key: into memory while rebuilding, else by `upsert`. */
export async function saveKeyed<Row>(
  writer: ProjectionWriter,
  table: string,
  rows: ReadonlyMap<string, Row>,
  upsert: (rows: ReadonlyMap<string, Row>) => Promise<void>,
): Promise<void> {
  const kept = keptIn<Row>(writer, table);
  if (!kept) return upsert(rows);
  for (const [key, row] of rows) kept.set(key, row);
}

/** At the end of a rebuild: writes what was kept of one table, a chunk at a time, and lets it go. */
export async function flushKept<Row>(
  writer: ProjectionWriter,
  table: string,
  upsert: (rows: ReadonlyMap<string, Row>) => Promise<void>,
  chunkSize = 2000,
): Promise<void> {
  const kept = keptIn<Row>(writer, table);
  if (!kept) return;
  const rows = [...kept];
  writer.kept?.delete(table);
  for (let i = 0; i < rows.length; i += chunkSize) {
    await upsert(new Map(rows.slice(i, i + chunkSize)));
  }
}
