import { canonicalTextOf } from '../../src/event-store/canonical-event.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { leafHashOf, nodeTreeHasher } from '../../src/integrity/node-tree-hasher.js';
import { subtreesOf } from '../../src/verifier/merkle.js';
import type { Projection, ProjectionWriter } from '../runtime/projection.js';
import { readSubtrees, subtreeKey } from '../../src/integrity/tree-nodes.js';

/**
 * The sequencer: gives each committed event its leaf index in the global order (the next one, never
 * re-ordered, never gapped: the runtime applies events exactly once, in order) and keeps the RFC 6962
 * tree incrementally — every complete subtree's hash is stored, so a proof for any leaf of any tree
 * size costs one indexed read of O(log n) nodes. One writer at a time: the runtime's checkpoint row
 * lock; restart-safe: the nodes, the tree size and the checkpoint commit together.
 */
export class MerkleTreeProjection implements Projection {
  readonly name = 'merkle-tree';
  readonly tables = ['merkle_nodes', 'merkle_state'];

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    if (events.length === 0) return;
    const nodesTable = writer.table('merkle_nodes');
    const stateTable = writer.table('merkle_state');
    const [state] = await writer.query<{ size: string }>(`SELECT size FROM ${stateTable}`);
    let size = Number(state?.size ?? 0);
    // The right edge of the tree so far: the complete subtrees new leaves are paired with.
    const known =
      size > 0
        ? await readSubtrees(
            (sql, p) => writer.query(sql, p),
            nodesTable,
            subtreesOf({ start: 0, end: size }),
          )
        : new Map<string, Buffer>();
    const levels: number[] = [];
    const indexes: number[] = [];
    const hashes: Buffer[] = [];
    const positions: (number | null)[] = [];
    const add = (level: number, index: number, hash: Buffer, position: number | null) => {
      known.set(subtreeKey({ level, index }), hash);
      levels.push(level);
      indexes.push(index);
      hashes.push(hash);
      positions.push(position);
    };
    for (const event of events) {
      let index = size;
      let level = 0;
      let hash = leafHashOf(canonicalTextOf(event));
      add(0, index, hash, event.metadata.globalPosition);
      while (index % 2 === 1) {
        const left = known.get(subtreeKey({ level, index: index - 1 }))!;
        hash = Buffer.from(nodeTreeHasher.node(left, hash));
        level += 1;
        index = (index - 1) / 2;
        add(level, index, hash, null);
      }
      size += 1;
    }
    await writer.query(
      `INSERT INTO ${nodesTable} (level, idx, hash, global_position)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[], $4::bigint[])`,
      [levels, indexes, hashes, positions],
    );
    await writer.query(
      `INSERT INTO ${stateTable} (singleton, size) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET size = EXCLUDED.size`,
      [size],
    );
  }
}
