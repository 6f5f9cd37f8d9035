import { sha256 } from '@noble/hashes/sha2.js';

import { concat, equalBytes } from './bytes.js';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing: leaf = SHA-256(0x00 || input), node = SHA-256(0x01 || left
 * || right); the tree over n leaves splits at the largest power of two below n.
 */
export interface TreeHasher {
  leaf(input: Uint8Array): Uint8Array;
  node(left: Uint8Array, right: Uint8Array): Uint8Array;
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** SHA-256 in pure JavaScript (@noble/hashes): the same in Node and in a browser. */
export const rfc6962: TreeHasher = {
  leaf: (input) => sha256(concat(LEAF, input)),
  node: (left, right) => sha256(concat(NODE, left, right)),
};

export const EMPTY_ROOT = sha256(new Uint8Array(0));

/** The largest power of two strictly below n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over the leaf hashes, by the definition (for tests and small trees). */
export function rootOf(
  leafHashes: readonly Uint8Array[],
  hasher: TreeHasher = rfc6962,
): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = splitPoint(leafHashes.length);
  return hasher.node(rootOf(leafHashes.slice(0, k), hasher), rootOf(leafHashes.slice(k), hasher));
}

/** A span of leaves [start, end): each element of a proof is the hash of one such span. */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/** The spans whose hashes make the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 2.1.3.1). */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size))
    throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: LeafRange[] = [];
  let [start, end, m] = [0, size, index];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return path.reverse();
}

/** The spans whose hashes make the consistency proof from size m to size n (RFC 9162 2.1.4.1). */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const proof: LeafRange[] = [];
  const subproof = (mm: number, start: number, end: number, complete: boolean): void => {
    const size = end - start;
    if (mm === size) {
      if (!complete) proof.push({ start, end });
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      subproof(mm, start, start + k, complete);
      proof.push({ start: start + k, end });
    } else {
      subproof(mm - k, start + k, end, false);
      proof.push({ start, end: start + k });
    }
  };
  subproof(m, 0, n, true);
  return proof;
}

/** A span as a list of complete subtrees, each `(level, index)`: what a tree store keeps. */
export interface SubtreeId {
  readonly level: number;
  readonly index: number;
}

/** Whether [start, end) is one complete, aligned subtree. */
const isSubtree = (start: number, end: number) => {
  const size = end - start;
  return (size & (size - 1)) === 0 && start % size === 0;
};

/** The complete subtrees a span's hash is made of (RFC 6962 splits, left to right). */
export function subtreesOf(range: LeafRange): SubtreeId[] {
  const { start, end } = range;
  if (end - start < 1) throw new RangeError('an empty span has no subtrees');
  if (isSubtree(start, end))
    return [{ level: Math.log2(end - start), index: start / (end - start) }];
  const k = splitPoint(end - start);
  return [...subtreesOf({ start, end: start + k }), ...subtreesOf({ start: start + k, end })];
}

/** A span's hash from its complete subtrees' hashes (as subtreesOf listed them). */
export function hashOfRange(
  range: LeafRange,
  subtree: (id: SubtreeId) => Uint8Array,
  hasher: TreeHasher = rfc6962,
): Uint8Array {
  const { start, end } = range;
  const size = end - start;
  if (isSubtree(start, end)) return subtree({ level: Math.log2(size), index: start / size });
  const k = splitPoint(size);
  return hasher.node(
    hashOfRange({ start, end: start + k }, subtree, hasher),
    hashOfRange({ start: start + k, end }, subtree, hasher),
  );
}

export class ProofError extends Error {
  override name = 'ProofError';
}

/**
 * RFC 9162's walk up a proof path from node `fn` of a tree whose last node is `sn`: each hash is
 * handed over with whether it is the left sibling, then both move up a level. Answers where `sn`
 * ended (0 when the path reached the root), or null when the path is longer than the tree is deep.
 */
function walkUp(
  fn: number,
  sn: number,
  path: readonly Uint8Array[],
  step: (hash: Uint8Array, leftSibling: boolean) => void,
): number | null {
  for (const hash of path) {
    if (sn === 0) return null;
    const leftSibling = fn % 2 === 1 || fn === sn;
    step(hash, leftSibling);
    if (leftSibling && fn % 2 === 0) {
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn;
}

/** The root an inclusion proof leads to (RFC 9162 2.1.3.2). */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: TreeHasher = rfc6962,
): Uint8Array {
  if (!(index >= 0 && index < size))
    throw new ProofError(`leaf ${index} is not in a tree of ${size}`);
  if (leafHash.length !== 32) throw new ProofError('a leaf hash is 32 bytes');
  let r = leafHash;
  const left = walkUp(index, size - 1, proof, (p, leftSibling) => {
    if (p.length !== 32) throw new ProofError('a proof hash is 32 bytes');
    r = leftSibling ? hasher.node(p, r) : hasher.node(r, p);
  });
  if (left === null) throw new ProofError('the proof is longer than the tree is deep');
  if (left !== 0) throw new ProofError('the proof is shorter than the tree is deep');
  return r;
}

export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
  hasher: TreeHasher = rfc6962,
): boolean {
  try {
    return equalBytes(rootFromInclusionProof(index, size, leafHash, proof, hasher), root);
  } catch {
    return false;
  }
}

/** Whether a tree of size2 with root2 extends one of size1 with root1 (RFC 9162 2.1.4.2). */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
  hasher: TreeHasher = rfc6962,
): boolean {
  if (size1 < 0 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && equalBytes(root1, root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0 || proof.some((p) => p.length !== 32)) return false;
  const path = [...proof];
  // When size1 is a power of two, its root is the first element of the path.
  if ((size1 & (size1 - 1)) === 0) path.unshift(root1);
  let [fn, sn] = [size1 - 1, size2 - 1];
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  const left = walkUp(fn, sn, path.slice(1), (c, leftSibling) => {
    if (leftSibling) fr = hasher.node(c, fr);
    sr = leftSibling ? hasher.node(c, sr) : hasher.node(sr, c);
  });
  return left === 0 && equalBytes(fr, root1) && equalBytes(sr, root2);
}
