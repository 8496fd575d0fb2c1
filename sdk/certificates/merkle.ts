import { getBytes, hexlify } from "ethers";

import { keccak } from "./encoding.js";

/**
 * The Merkle tree of a certificate batch, byte for byte the tree of OpenZeppelin's
 * `StandardMerkleTree.of(hashes.map((h) => [h]), ["bytes32"])` (the registry checks proofs with
 * OpenZeppelin's `MerkleProof`): leaves are keccak256(keccak256(abi.encode(certHash))), sorted;
 * the tree is the same complete binary tree in an array; a node hashes its two children in
 * ascending order.
 *
 * Why our own: `StandardMerkleTree` re-validates each leaf and re-hashes each proof up to the root
 * as it hands it out, and converts between hex and bytes at every node; for 100,000 leaves that
 * took longer than everything else in a batch. This works on bytes and returns the same root and
 * proofs (the unit tests compare the two on many sizes).
 *
 * The tree lives in one flat byte array (node i at bytes 32i..32i+32) so that worker threads can
 * share it (a SharedArrayBuffer) and hash disjoint ranges of one level at once
 * (sdk/certificates/batch-build.ts); {@link buildBatchTree} is the same steps on one thread.
 */
export interface BatchTree {
  root: string;
  /** The inclusion proof of `certHashes[i]`, for each i in input order. */
  proof(i: number): string[];
}

/** A batch tree's bytes: `nodes` holds 2n-1 nodes of 32 bytes; `treeIndex[i]` is the node of input leaf i. */
export interface TreeLayout {
  n: number;
  nodes: Uint8Array;
  treeIndex: Int32Array;
}

function compareAt(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let k = 0; k < 32; k++) if (a[ai + k] !== b[bi + k]) return a[ai + k] - b[bi + k];
  return 0;
}

/** The leaf of a certificate hash (bytes): keccak256(keccak256(certHash)). */
export const leafOf = (certHash: Uint8Array): Uint8Array => keccak(keccak(certHash));

/**
 * Places leaves (`leaves`: n leaves of 32 bytes, in input order) in a new tree layout: sorted, the
 * smallest at the last node, as StandardMerkleTree does. The internal nodes are left to
 * {@link hashNodes}. `shared` puts the nodes in a SharedArrayBuffer (for worker threads).
 */
export function layoutLeaves(leaves: Uint8Array, n: number, shared = false): TreeLayout {
  if (n === 0) throw new RangeError("a Merkle tree needs at least one leaf");
  const order = Array.from({ length: n }, (_, i) => i);
  // Array.prototype.sort is stable, as StandardMerkleTree's is (leaves of distinct hashes never tie anyway).
  order.sort((a, b) => compareAt(leaves, 32 * a, leaves, 32 * b));
  const size = 32 * (2 * n - 1);
  const nodes = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
  const treeIndex = new Int32Array(n);
  const last = 2 * n - 2;
  order.forEach((valueIndex, leafIndex) => {
    const node = last - leafIndex;
    nodes.set(leaves.subarray(32 * valueIndex, 32 * valueIndex + 32), 32 * node);
    treeIndex[valueIndex] = node;
  });
  return { n, nodes, treeIndex };
}

/**
 * The ranges of internal nodes [from, to) by depth, deepest first: every node of a range depends
 * only on nodes of earlier ranges (or leaves), so a range can be split among threads.
 */
export function internalLevels(n: number): Array<[from: number, to: number]> {
  const levels: Array<[number, number]> = [];
  for (let from = 0; from < n - 1; from = 2 * from + 1) levels.push([from, Math.min(2 * from + 1, n - 1)]);
  return levels.reverse();
}

/** Hashes internal nodes [from, to) of `nodes` from their children (sorted pair). */
export function hashNodes(nodes: Uint8Array, from: number, to: number): void {
  const pair = new Uint8Array(64);
  for (let i = to - 1; i >= from; i--) {
    const a = 32 * (2 * i + 1);
    const b = a + 32;
    if (compareAt(nodes, a, nodes, b) <= 0) pair.set(nodes.subarray(a, a + 64), 0);
    else {
      pair.set(nodes.subarray(b, b + 32), 0);
      pair.set(nodes.subarray(a, a + 32), 32);
    }
    nodes.set(keccak(pair), 32 * i);
  }
}

/** Proofs read from a built layout; internal nodes are shared by many proofs, so their hex is cached. */
export function treeReader(layout: TreeLayout): BatchTree {
  const { n, nodes, treeIndex } = layout;
  const hex = new Map<number, string>();
  const hexAt = (i: number) => {
    let h = hex.get(i);
    if (h === undefined) hex.set(i, (h = hexlify(nodes.subarray(32 * i, 32 * i + 32))));
    return h;
  };
  return {
    root: hexAt(0),
    proof(i: number): string[] {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`no leaf ${i} in a tree of ${n}`);
      const proof: string[] = [];
      for (let node = treeIndex[i]; node > 0; node = (node - 1) >> 1) {
        proof.push(hexAt(node % 2 === 1 ? node + 1 : node - 1));
      }
      return proof;
    },
  };
}

/** The batch tree of distinct certificate hashes (32-byte hex), on this thread. */
export function buildBatchTree(certHashes: readonly string[]): BatchTree {
  const n = certHashes.length;
  if (n === 0) throw new RangeError("a Merkle tree needs at least one leaf");
  const leaves = new Uint8Array(32 * n);
  certHashes.forEach((h, i) => leaves.set(leafOf(getBytes(h)), 32 * i));
  const layout = layoutLeaves(leaves, n);
  hashNodes(layout.nodes, 0, n - 1);
  return treeReader(layout);
}

function bytes32(hex: string, what: string): Uint8Array {
  const bytes = getBytes(hex);
  if (bytes.length !== 32) throw new Error(`${what} ${hex} is not 32 bytes`);
  return bytes;
}

/**
 * Whether `proof` places `certHash` in the batch under `root`: OpenZeppelin's `MerkleProof.verify`
 * on the leaf above, as `StandardMerkleTree.verify(root, ["bytes32"], [certHash], proof)` answers it
 * (and throws, like it, on an element that is not 32 bytes). Ours so that the verification page
 * does not bundle the merkle-tree package and its dependencies (a third of the page's own code).
 */
export function verifyBatchProof(root: string, certHash: string, proof: readonly string[]): boolean {
  let node = leafOf(bytes32(certHash, "certHash"));
  const pair = new Uint8Array(64);
  for (const element of proof) {
    const sibling = bytes32(element, "proof element");
    const [low, high] = compareAt(node, 0, sibling, 0) <= 0 ? [node, sibling] : [sibling, node];
    pair.set(low, 0);
    pair.set(high, 32);
    node = keccak(pair);
  }
  return hexlify(node) === hexlify(bytes32(root, "root"));
}
