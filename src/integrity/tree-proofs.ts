import type { DataSource } from 'typeorm';

import { hashRanges } from './tree-nodes.js';
import { consistencyRanges, inclusionRanges, type LeafRange } from '../verifier/merkle.js';
import { TREE_NODES } from './checkpoints.js';

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

  /** The inclusion proof of each leaf in the tree of `size`, all in one read. */
  async inclusionProofs(indexes: readonly number[], size: number): Promise<Map<number, Buffer[]>> {
    const plans = indexes.map((index) => ({ index, ranges: inclusionRanges(index, size) }));
    const hashes = await hashRanges(
      this.query,
      TREE_NODES,
      plans.flatMap((plan) => plan.ranges),
    );
    const proofs = new Map<number, Buffer[]>();
    let offset = 0;
    for (const plan of plans) {
      proofs.set(plan.index, hashes.slice(offset, offset + plan.ranges.length));
      offset += plan.ranges.length;
    }
    return proofs;
  }

  async consistencyProof(from: number, to: number): Promise<Buffer[]> {
    const ranges: LeafRange[] = consistencyRanges(from, to);
    return ranges.length === 0 ? [] : hashRanges(this.query, TREE_NODES, ranges);
  }
}
