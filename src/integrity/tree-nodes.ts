import { hashOfRange, type LeafRange, type SubtreeId, subtreesOf } from '../verifier/merkle.js';
import { nodeTreeHasher } from './node-tree-hasher.js';

/** Something that runs SQL: a projection writer, a data source, a pool. */
export type Query = <Row>(sql: string, parameters?: readonly unknown[]) => Promise<Row[]>;

export const subtreeKey = ({ level, index }: SubtreeId) => `${level}:${index}`;

/** The stored hashes of complete subtrees, in one query. A missing one means the tree is not there yet. */
export async function readSubtrees(
  query: Query,
  table: string,
  ids: readonly SubtreeId[],
): Promise<Map<string, Buffer>> {
  if (ids.length === 0) return new Map();
  const unique = [...new Map(ids.map((id) => [subtreeKey(id), id])).values()];
  const rows = await query<{ level: number; idx: string; hash: Buffer }>(
    `SELECT n.level, n.idx, n.hash FROM ${table} n
       JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`,
    [unique.map((id) => id.level), unique.map((id) => id.index)],
  );
  const found = new Map(rows.map((row) => [`${row.level}:${row.idx}`, row.hash]));
  for (const id of unique) {
    if (!found.has(subtreeKey(id)))
      throw new Error(`The Merkle tree has no node at level ${id.level}, index ${id.index}`);
  }
  return found;
}

/** The hashes of several spans of leaves, from stored complete subtrees, in one query. */
export async function hashRanges(
  query: Query,
  table: string,
  ranges: readonly LeafRange[],
): Promise<Buffer[]> {
  const nodes = await readSubtrees(query, table, ranges.flatMap(subtreesOf));
  return ranges.map((range) =>
    Buffer.from(hashOfRange(range, (id) => nodes.get(subtreeKey(id))!, nodeTreeHasher)),
  );
}
