import type { KeptRows, ProjectionWriter } from './projection.js';

/** Rows of one table kept through a rebuild; past the limit they are written out and read back. */
interface KeptTable<Row> {
  readonly rows: Map<string, Row>;
  /** Some rows were written to the table: a key not in memory may be there. */
  spilled: boolean;
}

const keptIn = <Row>(writer: ProjectionWriter, table: string): KeptTable<Row> | undefined => {
  const kept: KeptRows | undefined = writer.kept;
  if (!kept) return undefined;
  let rows = kept.tables.get(table);
  if (!rows) kept.tables.set(table, (rows = { rows: new Map<string, unknown>(), spilled: false }));
  return rows as KeptTable<Row>;
};

/**
 * The rows of one of its tables under these keys, as a projection reads them back before applying a
 * batch: while rebuilding, from memory (the shadow starts empty and only the rebuild writes it), else,
 * and for keys written out of memory, what `select` reads from the table. The map is the caller's.
 */
export async function loadKeyed<Row>(
  writer: ProjectionWriter,
  table: string,
  keys: readonly string[],
  select: (keys: readonly string[]) => Promise<Map<string, Row>>,
): Promise<Map<string, Row>> {
  const kept = keptIn<Row>(writer, table);
  if (!kept) return select(keys);
  const rows = new Map<string, Row>();
  const elsewhere: string[] = [];
  for (const key of keys) {
    const row = kept.rows.get(key);
    if (row !== undefined) rows.set(key, row);
    else elsewhere.push(key);
  }
  if (kept.spilled && elsewhere.length > 0) {
    for (const [key, row] of await select(elsewhere)) rows.set(key, row);
  }
  return rows;
}

/** Saves rows by key: into memory while rebuilding (written out past the limit), else by `upsert`. */
export async function saveKeyed<Row>(
  writer: ProjectionWriter,
  table: string,
  rows: ReadonlyMap<string, Row>,
  upsert: (rows: ReadonlyMap<string, Row>) => Promise<void>,
): Promise<void> {
  const kept = keptIn<Row>(writer, table);
  if (!kept) return upsert(rows);
  for (const [key, row] of rows) kept.rows.set(key, row);
  if (kept.rows.size > (writer.kept?.limit ?? Infinity)) await flushKept(writer, table, upsert);
}

/** Writes what is kept of one table, a chunk at a time, and lets it go (at the end of a rebuild). */
export async function flushKept<Row>(
  writer: ProjectionWriter,
  table: string,
  upsert: (rows: ReadonlyMap<string, Row>) => Promise<void>,
  chunkSize = 2000,
): Promise<void> {
  const kept = keptIn<Row>(writer, table);
  if (!kept || kept.rows.size === 0) return;
  const rows = [...kept.rows];
  kept.rows.clear();
  kept.spilled = true;
  for (let i = 0; i < rows.length; i += chunkSize) {
    await upsert(new Map(rows.slice(i, i + chunkSize)));
  }
}
