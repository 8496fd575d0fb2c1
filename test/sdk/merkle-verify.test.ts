import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { hexlify, randomBytes } from "ethers";

import { verifyBatchProof } from "../../sdk/certificates/merkle.js";

/** `verifyBatchProof` answers as OpenZeppelin's `StandardMerkleTree.verify` (which the page no longer bundles). */
describe("certificate batches: proof verification without the merkle-tree package", function () {
  const theirs = (root: string, hash: string, proof: string[]) =>
    StandardMerkleTree.verify(root, ["bytes32"], [hash], proof);

  it("accepts every proof StandardMerkleTree hands out, and refuses what it refuses, for sizes 1 to 24", function () {
    for (let n = 1; n <= 24; n++) {
      const hashes = Array.from({ length: n }, () => hexlify(randomBytes(32)));
      const tree = StandardMerkleTree.of(
        hashes.map((h) => [h]),
        ["bytes32"],
      );
      for (const [i, [hash]] of tree.entries()) {
        const proof = tree.getProof(i);
        expect(verifyBatchProof(tree.root, hash, proof), `n=${n} i=${i}`).to.equal(true);
        const other = hexlify(randomBytes(32));
        expect(verifyBatchProof(tree.root, other, proof)).to.equal(theirs(tree.root, other, proof));
        if (proof.length > 0) {
          const bent = [...proof.slice(0, -1), hexlify(randomBytes(32))];
          expect(verifyBatchProof(tree.root, hash, bent))
            .to.equal(false)
            .and.equal(theirs(tree.root, hash, bent));
        }
        expect(verifyBatchProof(hexlify(randomBytes(32)), hash, proof)).to.equal(false);
      }
    }
  });

  it("throws, as StandardMerkleTree does, on a proof element that is not 32 bytes", function () {
    const tree = StandardMerkleTree.of([[hexlify(randomBytes(32))], [hexlify(randomBytes(32))]], ["bytes32"]);
    const [hash] = tree.at(0)!;
    expect(() => theirs(tree.root, hash, ["0x1234"])).to.throw();
    expect(() => verifyBatchProof(tree.root, hash, ["0x1234"])).to.throw(/not 32 bytes/);
  });
});
