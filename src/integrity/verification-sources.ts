import type { DataSource } from 'typeorm';

import type { SignedCheckpoints, StoredLeaves } from './ledger-checks.js';
import { TREE_NODES } from './checkpoints.js';
import { storedLeavesIn } from './stored-leaves.js';

/** The sequencer's leaves, in leaf order, for verify-ledger to compare with the ledger's bytes. */
export const storedLeaves = (dataSource: DataSource): StoredLeaves =>
  storedLeavesIn((sql, parameters) => dataSource.query(sql, parameters as unknown[]), TREE_NODES);

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
