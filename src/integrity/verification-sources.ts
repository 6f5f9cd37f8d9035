import type { DataSource } from 'typeorm';

import type { SignedCheckpoints, StoredLeaves } from './ledger-checks.js';
import { TREE_NODES } from './checkpoints.js';
import type { Query } from './tree-nodes.js';

/**
 * The sequencer's leaves, in leaf order, for verify-ledger to compare with the ledger's bytes: a page
 * comes back as one row of two packed byte strings (32-byte hashes, 8-byte positions), which the
 * driver decodes in one go instead of a row per leaf.
 */
export const storedLeavesOver = (query: Query): StoredLeaves => ({
  async read(fromIndex, maxCount) {
    const [row] = await query<{ hashes: Buffer | null; positions: Buffer | null }>(
      `SELECT string_agg(hash, ''::bytea ORDER BY idx) AS hashes,
              string_agg(int8send(global_position), ''::bytea ORDER BY idx) AS positions
         FROM ${TREE_NODES} WHERE level = 0 AND idx >= $1 AND idx < $1 + $2`,
      [fromIndex, maxCount],
    );
    const hashes = row?.hashes ?? Buffer.alloc(0);
    const positions = row?.positions ?? Buffer.alloc(0);
    return { fromIndex, count: hashes.length / 32, hashes, positions };
  },
});

export const storedLeaves = (dataSource: DataSource): StoredLeaves =>
  storedLeavesOver((sql, parameters) => dataSource.query(sql, parameters as unknown[]));

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
