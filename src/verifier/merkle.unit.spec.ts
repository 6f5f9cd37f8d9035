import { describe, expect, it } from '@jest/globals';

import { fromHex, toHex } from './bytes.js';
import {
  consistencyRanges,
  EMPTY_ROOT,
  hashOfRange,
  inclusionRanges,
  type LeafRange,
  rfc6962,
  rootOf,
  subtreesOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// RFC 6962 test vectors, as transparency-dev/merkle publishes them (testonly/constants.go,
// proof/verify_test.go).
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: [number, number, string[]][] = [
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [3, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    2,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const leaves = LEAF_INPUTS.map((input) => rfc6962.leaf(input));
const root = (size: number) => fromHex(ROOTS[size]!);

/** A proof's hashes from the tree built by definition, through the span algorithms. */
const proofOf = (ranges: LeafRange[]) =>
  ranges.map((range) =>
    hashOfRange(range, ({ level, index }) =>
      rootOf(leaves.slice(index << level, (index + 1) << level)),
    ),
  );

describe('RFC 6962 Merkle tree', () => {
  it('gives the published roots for sizes 0 to 8', () => {
    expect(toHex(EMPTY_ROOT)).toBe(ROOTS[0]);
    for (let size = 1; size <= 8; size += 1)
      expect(toHex(rootOf(leaves.slice(0, size)))).toBe(ROOTS[size]);
  });

  it('builds and verifies the published inclusion proofs, and refuses them altered', () => {
    for (const [leaf, size, expected] of INCLUSION) {
      const proof = proofOf(inclusionRanges(leaf - 1, size));
      expect(proof.map(toHex)).toEqual(expected);
      expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, proof, root(size))).toBe(true);
      expect(verifyInclusion(leaf, size, leaves[leaf - 1]!, proof, root(size))).toBe(false);
      expect(verifyInclusion(leaf - 1, size * 2, leaves[leaf - 1]!, proof, root(size))).toBe(false);
      expect(
        verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, [...proof, root(size)], root(size)),
      ).toBe(false);
      expect(
        verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, proof.slice(0, -1), root(size)),
      ).toBe(false);
      for (let i = 0; i < proof.length; i += 1) {
        const flipped = proof.map((p) => p.slice());
        flipped[i]![0]! ^= 8;
        expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, flipped, root(size))).toBe(false);
      }
    }
    expect(verifyInclusion(0, 1, leaves[0]!, [], root(1))).toBe(true);
  });

  it('builds and verifies the published consistency proofs, and refuses them altered', () => {
    for (const [size1, size2, expected] of CONSISTENCY) {
      const proof = proofOf(consistencyRanges(size1, size2));
      expect(proof.map(toHex)).toEqual(expected);
      expect(verifyConsistency(size1, size2, root(size1), root(size2), proof)).toBe(true);
      if (proof.length === 0) continue;
      expect(verifyConsistency(size1, size2, root(size2), root(size1), proof)).toBe(false);
      expect(verifyConsistency(size1 + 1, size2, root(size1), root(size2), proof)).toBe(false);
      expect(verifyConsistency(size1, size2, root(size1), root(size2), proof.slice(0, -1))).toBe(
        false,
      );
      expect(verifyConsistency(size1, size2, root(size1), root(size2), [])).toBe(false);
      for (let i = 0; i < proof.length; i += 1) {
        const flipped = proof.map((p) => p.slice());
        flipped[i]![0]! ^= 16;
        expect(verifyConsistency(size1, size2, root(size1), root(size2), flipped)).toBe(false);
      }
    }
  });

  it('proves every leaf of every size up to 64 and every pair of sizes, from complete subtrees only', () => {
    const many = Array.from({ length: 64 }, (_, i) => rfc6962.leaf(new Uint8Array([i, i >> 8])));
    const subtree = ({ level, index }: { level: number; index: number }) =>
      rootOf(many.slice(index << level, (index + 1) << level));
    for (let size = 1; size <= 64; size += 1) {
      const r = rootOf(many.slice(0, size));
      expect(hashOfRange({ start: 0, end: size }, subtree)).toEqual(r);
      for (let i = 0; i < size; i += 1) {
        const proof = inclusionRanges(i, size).map((range) => hashOfRange(range, subtree));
        expect(verifyInclusion(i, size, many[i]!, proof, r)).toBe(true);
      }
      for (let m = 1; m <= size; m += 1) {
        const proof = consistencyRanges(m, size).map((range) => hashOfRange(range, subtree));
        expect(verifyConsistency(m, size, rootOf(many.slice(0, m)), r, proof)).toBe(true);
      }
    }
    expect(subtreesOf({ start: 4, end: 7 })).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
  });
});
