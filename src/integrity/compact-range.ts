import { sha256 } from './ledger-checks.js';

/** A complete subtree of the log's Merkle tree: leaves [index·2^level, (index+1)·2^level). */
export interface CompactNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

/** SHA-256(0x01 || left || right) without allocating the input each time. */
const pair = Buffer.alloc(65);
pair[0] = 1;
export function interiorHash(left: Uint8Array, right: Uint8Array): Buffer {
  pair.set(left, 1);
  pair.set(right, 33);
  return sha256(pair);
}

/**
 * The compact range of leaves [begin, end) (RFC 9162 §2.1, the tlog "compact range"): the largest
 * complete subtrees that tile it, left to right. Leaves and whole ranges are appended on the right;
 * two siblings merge as soon as both are there, so ranges verified apart join into the same nodes, and
 * a range that begins at leaf 0 gives the tree head of its size.
 */
export class CompactRange {
  private readonly nodes: CompactNode[];

  constructor(nodes: readonly CompactNode[] = []) {
    this.nodes = [...nodes];
  }

  appendLeaf(index: number, hash: Uint8Array): void {
    this.append({ level: 0, index, hash });
  }

  /** A node that starts where the range ends (the nodes of the range after this one, in order). */
  append(node: CompactNode): void {
    const nodes = this.nodes;
    nodes.push(node);
    for (let n = nodes.length; n >= 2; n = nodes.length) {
      const right = nodes[n - 1]!;
      const left = nodes[n - 2]!;
      if (left.level !== right.level || right.index % 2 === 0 || left.index + 1 !== right.index)
        return;
      nodes.length = n - 2;
      nodes.push({
        level: right.level + 1,
        index: (right.index - 1) / 2,
        hash: interiorHash(left.hash, right.hash),
      });
    }
  }

  get snapshot(): readonly CompactNode[] {
    return [...this.nodes];
  }

  /** The tree head of leaves [0, end), for a range that begins at leaf 0 and is not empty. */
  root(): Buffer {
    let node: Buffer = Buffer.from(this.nodes.at(-1)!.hash);
    for (let i = this.nodes.length - 2; i >= 0; i -= 1)
      node = interiorHash(this.nodes[i]!.hash, node);
    return node;
  }
}
