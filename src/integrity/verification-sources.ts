import type { DataSource } from 'typeorm';

import type { SignedCheckpoints, StoredLeaves } from '../event-store/verify-ledger.js';
import { TREE_NODES } from './checkpoints.js';

/** The sequencer's leaves, in leaf order, for verify-ledger to compare with the ledger's bytes. */
export const storedLeaves = (dataSource: DataSource): StoredLeaves => ({
  async read(fromIndex, maxCount) {
    const rows = await dataSource.query<{ idx: string; hash: Buffer; global_position: string }[]>(
      `SELECT idx, hash, global_position FROM ${TREE_NODES}
        WHERE level = 0 AND idx >= $1 ORDER BY idx LIMIT $2`,
      [fromIndex, maxCount],
    );
    return rows.map((row) => ({
      index: Number(row.idx),
      hash: row.hash,
      globalPosition: Number(row.global_position),
    }));
  },
});

/** Every signed checkpoint, to recompute its root and check its signature. */
export async function signedCheckpoints(
  dataSource: DataSource,
  verifierKeys: readonly string[],
): Promise<SignedCheckpoints> {
  const rows = await dataSource.query<{ tree_size: string; root_hash: Buffer; note: string }[]>(
    `SELECT tree_size, root_hash, note FROM integrity.checkpoints ORDER BY tree_size`,
  );
  return {
    verifierKeys,
    list: rows.map((row) => ({
      treeSize: Number(row.tree_size),
      rootHash: row.root_hash,
      note: row.note,
    })),
  };
}
