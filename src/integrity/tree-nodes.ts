import { hashOfRange, type LeafRange, type SubtreeId, subtreesOf } from '../verifier/merkle.js';
import { nodeTreeHasher } from './node-tree-hasher.js';

/** Something that runs SQL: a projection writer, a data source, a pool. */
export type Query = <Row>(sql: string, parameters?: readonly unknown[]) => Promise<Row[]>;

export const subtreeKey = ({ level, index }: SubtreeId) => `${level}:${index}`;

const missing = ({ level, index }: SubtreeId) =>
  new Error(`The Merkle tree has no node at level ${level}, index ${index}`);

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
  for (const id of unique) if (!found.has(subtreeKey(id))) throw missing(id);
  return found;
}

/** The hashes of spans of leaves from complete subtrees already read, by `subtreeKey`. */
export function hashRangesOf(
  nodes: ReadonlyMap<string, Buffer>,
  ranges: readonly LeafRange[],
): Buffer[] {
  const subtree = (id: SubtreeId) => {
    const hash = nodes.get(subtreeKey(id));
    if (!hash) throw missing(id);
    return hash;
  };
  return ranges.map((range) => Buffer.from(hashOfRange(range, subtree, nodeTreeHasher)));
}

/** The hashes of several spans of leaves, from stored complete subtrees, in one query. */
export async function hashRanges(
  query: Query,
  table: string,
  ranges: readonly LeafRange[],
): Promise<Buffer[]> {
  return hashRangesOf(await readSubtrees(query, table, ranges.flatMap(subtreesOf)), ranges);
}
