import type { StoredLeaves } from './ledger-checks.js';
import type { Query } from './tree-nodes.js';

/**
 * The sequencer's leaves, in leaf order, for verify-ledger to compare with the ledger's bytes: a page
 * comes back as one row of two packed byte strings (32-byte hashes, 8-byte positions), which the
 * driver decodes in one go instead of a row per leaf.
 */
export const storedLeavesIn = (query: Query, table: string): StoredLeaves => ({
  async read(fromIndex, maxCount) {
    const [row] = await query<{ hashes: Buffer | null; positions: Buffer | null }>(
      `SELECT string_agg(hash, ''::bytea ORDER BY idx) AS hashes,
              string_agg(int8send(global_position), ''::bytea ORDER BY idx) AS positions
         FROM ${table} WHERE level = 0 AND idx >= $1 AND idx < $1 + $2`,
      [fromIndex, maxCount],
    );
    const hashes = row?.hashes ?? Buffer.alloc(0);
    const positions = row?.positions ?? Buffer.alloc(0);
    return { fromIndex, count: hashes.length / 32, hashes, positions };
  },
});
