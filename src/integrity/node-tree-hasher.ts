import { createHash } from 'node:crypto';

import type { TreeHasher } from '../verifier/merkle.js';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** RFC 6962 hashing with node:crypto: the same hashes as the verifier's, several times faster. */
export const nodeTreeHasher: TreeHasher = {
  leaf: (input) => createHash('sha256').update(LEAF).update(input).digest(),
  node: (left, right) => createHash('sha256').update(NODE).update(left).update(right).digest(),
};

/** The leaf hash of an event: SHA-256(0x00 || its canonical bytes, UTF-8). */
export const leafHashOf = (canonicalText: string): Buffer =>
  createHash('sha256').update(LEAF).update(canonicalText, 'utf8').digest();
