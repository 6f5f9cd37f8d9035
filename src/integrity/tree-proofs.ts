import type { DataSource } from 'typeorm';

import { poolOf } from '../adapters/postgres/ledger-data-source.js';
import { readOrUnavailable } from '../adapters/postgres/postgres-errors.js';
import { hashRanges, hashRangesOf, readSubtrees } from './tree-nodes.js';
import {
  consistencyRanges,
  inclusionRanges,
  type LeafRange,
  subtreesOf,
} from '../verifier/merkle.js';
import {
  CHECKPOINT_COLUMNS,
  checkpointFromRow,
  type CheckpointRow,
  type StoredCheckpoint,
  TREE_NODES,
} from './checkpoints.js';

/** What a delivery's proof needs from the tree, against the latest signed checkpoint. */
export interface LatestInclusion {
  /** The latest signed checkpoint when the tree was read; null before the first. */
  readonly checkpoint: StoredCheckpoint | null;
  /** The leaf index of each event sequenced so far, by global position. */
  readonly leaves: Map<number, number>;
  /** Each leaf's inclusion proof in the checkpoint's tree; null unless it covers every event asked. */
  readonly proofs: Map<number, Buffer[]> | null;
}

/** One row of the statement below: the latest checkpoint, a leaf asked for, or a node. */
type LatestInclusionRow =
  | ({ kind: 'checkpoint' } & CheckpointRow)
  | { kind: 'leaf'; idx: string; global_position: string }
  | { kind: 'node'; level: number; idx: string; hash: Buffer | null };

/**
 * The latest checkpoint, the events' leaves and the nodes of their inclusion proofs in its tree, in
 * one statement. An inclusion proof of leaf m in a tree of n leaves (RFC 9162 2.1.3.1) is made of
 * complete subtrees of two kinds: the sibling of m's ancestor at a level k, (k, (m >> k) xor 1),
 * where it lies wholly inside the tree; and, where that sibling would cross the tree's right edge,
 * the complete subtrees the edge is made of, one at each level b where bit b of n is set,
 * (b, (n >> b) - 1). The statement reads both kinds for every leaf (a few rows more than the proofs
 * use, none fewer). Each node is read by its key in a subquery, so no plan can turn the lookups into
 * a scan of the tree; the statement is prepared once per connection (planning it cost more than
 * running it). The checkpoint is read with it, not kept in memory: it costs nothing here, is never
 * stale, whichever process signed it, and the bundle carries what the database holds.
 */
const LATEST_INCLUSION = {
  name: 'keytrail.latest-inclusion',
  text: `
    WITH head AS (
      SELECT ${CHECKPOINT_COLUMNS} FROM integrity.checkpoints ORDER BY tree_size DESC LIMIT 1
    ),
    leaves AS (
      SELECT idx, global_position FROM ${TREE_NODES}
       WHERE level = 0 AND global_position = ANY($1::bigint[])
    ),
    wanted AS (
      SELECT k::smallint AS level, (l.idx >> k) # 1 AS idx
        FROM leaves l, head, generate_series(0, 62) AS k
       WHERE (l.idx >> k) # 1 < head.tree_size >> k
      UNION
      SELECT b::smallint, (head.tree_size >> b) - 1
        FROM head, generate_series(0, 62) AS b
       WHERE (head.tree_size >> b) & 1 = 1
    )
    SELECT 'checkpoint' AS kind, NULL::smallint AS level, NULL::bigint AS idx, NULL::bytea AS hash,
           NULL::bigint AS global_position, ${CHECKPOINT_COLUMNS}
      FROM head
    UNION ALL
    SELECT 'leaf', NULL, idx, NULL, global_position, NULL, NULL, NULL, NULL, NULL FROM leaves
    UNION ALL
    SELECT 'node', w.level, w.idx,
           (SELECT n.hash FROM ${TREE_NODES} n WHERE n.level = w.level AND n.idx = w.idx),
           NULL, NULL, NULL, NULL, NULL, NULL
      FROM wanted w`,
};

/** Inclusion and consistency proofs from the stored tree: one indexed read per request. */
export class TreeProofs {
  constructor(private readonly dataSource: DataSource) {}

  private query = <Row>(sql: string, parameters?: readonly unknown[]) =>
    this.dataSource.query<Row[]>(sql, parameters as unknown[]);

  /** The leaf index of each event, by global position (absent: not sequenced yet). */
  async leafIndexes(positions: readonly number[]): Promise<Map<number, number>> {
    if (positions.length === 0) return new Map();
    const rows = await this.query<{ idx: string; global_position: string }>(
      `SELECT idx, global_position FROM ${TREE_NODES} WHERE level = 0 AND global_position = ANY($1::bigint[])`,
      [positions],
    );
    return new Map(rows.map((row) => [Number(row.global_position), Number(row.idx)]));
  }

  /** The events' leaf indexes and inclusion proofs against the latest signed checkpoint: one round trip. */
  async againstLatest(positions: readonly number[]): Promise<LatestInclusion> {
    const { rows } = await readOrUnavailable(() =>
      poolOf(this.dataSource).query<LatestInclusionRow>({
        ...LATEST_INCLUSION,
        values: [positions],
      }),
    );
    let checkpoint: StoredCheckpoint | null = null;
    const leaves = new Map<number, number>();
    const nodes = new Map<string, Buffer>();
    for (const row of rows) {
      if (row.kind === 'checkpoint') checkpoint = checkpointFromRow(row);
      else if (row.kind === 'leaf') leaves.set(Number(row.global_position), Number(row.idx));
      else if (row.hash) nodes.set(`${row.level}:${row.idx}`, row.hash);
    }
    const size = checkpoint?.treeSize ?? 0;
    const covered =
      leaves.size === positions.length && [...leaves.values()].every((index) => index < size);
    return {
      checkpoint,
      leaves,
      proofs: checkpoint && covered ? proofsFrom(nodes, [...leaves.values()], size) : null,
    };
  }

  /** The inclusion proof of each leaf in the tree of `size`, all in one read. */
  async inclusionProofs(indexes: readonly number[], size: number): Promise<Map<number, Buffer[]>> {
    const ids = indexes.flatMap((index) => inclusionRanges(index, size).flatMap(subtreesOf));
    return proofsFrom(await readSubtrees(this.query, TREE_NODES, ids), indexes, size);
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    const ranges: LeafRange[] = consistencyRanges(from, to);
    return ranges.length === 0 ? [] : hashRanges(this.query, TREE_NODES, ranges);
  }
}

const proofsFrom = (
  nodes: ReadonlyMap<string, Buffer>,
  indexes: readonly number[],
  size: number,
): Map<number, Buffer[]> =>
  new Map(indexes.map((index) => [index, hashRangesOf(nodes, inclusionRanges(index, size))]));
